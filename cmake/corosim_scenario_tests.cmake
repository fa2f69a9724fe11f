# corosim_add_scenario_tests(DIR): one ctest test per scenario under DIR (a
# program NAME.py with its golden NAME.trace.json beside it, found
# recursively), named by its path relative to DIR ("cancellation/self_cancel.py")
# and running `corosim check PROGRAM`: it fails when the program's scheduling
# no longer matches its golden. A relative DIR is taken from the current
# source directory. Installed with corosim; find_package(corosim) includes it.
function(corosim_add_scenario_tests DIR)
  if(NOT TARGET corosim::corosim)
    message(FATAL_ERROR "corosim_add_scenario_tests: no target corosim::corosim; call find_package(corosim) first")
  endif()
  get_filename_component(dir "${DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  if(NOT IS_DIRECTORY "${dir}")
    message(FATAL_ERROR "corosim_add_scenario_tests: '${DIR}' is not a directory")
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
    add_test(NAME "${name}" COMMAND "$<TARGET_FILE:corosim::corosim>" check "${program}")
    math(EXPR count "${count} + 1")
  endforeach()
  if(count EQUAL 0)
    message(WARNING "corosim_add_scenario_tests: no program with a golden under '${DIR}'; record goldens with "
                    "corosim check PROGRAM.py --update")
  endif()
endfunction()
