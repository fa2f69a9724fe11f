# corosim_add_scenario_tests(DIR [PREFIX NAME] [LABELS LABEL...] [CHECK_ARGS ARG...]):
# one ctest test per scenario under DIR (a program NAME.py with its golden
# NAME.trace.json beside it, found recursively), running
# `corosim check [CHECK_ARGS...] -- PROGRAM`: it fails when the program's
# scheduling no longer matches its golden. A relative DIR is taken from the
# current source directory. Installed with corosim; find_package(corosim)
# includes it.
#
# Test names are PREFIX/ then the program's path relative to DIR
# ("scenarios/cancellation/self_cancel.py"), so calls for several directories
# never register one name twice. PREFIX defaults to DIR as given, relative to
# the current source directory (its last component when DIR lies outside
# it; nothing for DIR ".").
#   LABELS      ctest labels of every test (ctest -L LABEL runs only those)
#   CHECK_ARGS  flags of `corosim check`, e.g. --ignore-times, --ignore-print, or
#               --ignore-lines for goldens that survive edits that move code
function(corosim_add_scenario_tests DIR)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "PREFIX" "LABELS;CHECK_ARGS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "corosim_add_scenario_tests: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET corosim::corosim)
    message(FATAL_ERROR "corosim_add_scenario_tests: no target corosim::corosim; call find_package(corosim) first")
  endif()
  get_filename_component(dir "${DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT IS_DIRECTORY "${dir}")
    message(FATAL_ERROR "corosim_add_scenario_tests: '${DIR}' is not a directory")
  endif()
  if(DEFINED ARG_PREFIX)
    set(prefix "${ARG_PREFIX}")
  else()
    file(RELATIVE_PATH prefix "${CMAKE_CURRENT_SOURCE_DIR}" "${dir}")
    if(prefix MATCHES "^\\.\\.(/|$)")
      get_filename_component(prefix "${dir}" NAME)
    endif()
  endif()
  if(NOT prefix STREQUAL "")
    string(APPEND prefix "/")
  endif()
  # CONFIGURE_DEPENDS: a golden added later registers its test at the next build.
  file(GLOB_RECURSE goldens CONFIGURE_DEPENDS "${dir}/*.trace.json")
  set(count 0)
  foreach(golden IN LISTS goldens)
    string(REGEX REPLACE "\\.trace\\.json$" ".py" program "${golden}")
    if(NOT EXISTS "${program}")
      continue()
    endif()
    file(RELATIVE_PATH name "${dir}" "${program}")
    # Like `corosim test`, hidden directories (.git, .venv) are not searched.
    if(name MATCHES "(^|/)\\.")
      continue()
    endif()
    add_test(NAME "${prefix}${name}" COMMAND "$<TARGET_FILE:corosim::corosim>" check ${ARG_CHECK_ARGS} -- "${program}")
    if(ARG_LABELS)
      set_tests_properties("${prefix}${name}" PROPERTIES LABELS "${ARG_LABELS}")
    endif()
    math(EXPR count "${count} + 1")
  endforeach()
  if(count EQUAL 0)
    message(WARNING "corosim_add_scenario_tests: no program with a golden under '${DIR}'; record goldens with "
                    "corosim check PROGRAM.py --update")
  endif()
endfunction()
