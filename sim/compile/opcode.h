// The bytecode instruction set: one opcode per line with its operand and its
// stack effect, in the style of Lua's lopcodes.h and clox's chunk.h. The
// compiler (sim/compile/compiler) emits it, the interpreter (sim/vm/interpreter)
// runs it, the disassembler prints it. Names and semantics follow CPython 3.11
// (Python/bytecodes.c, Lib/dis.py) unless a comment says otherwise.
//
// ENCODING. Every instruction is one 32-bit word (`Instr`):
//     bits 0..7   the opcode
//     bits 8..31  the operand ("arg"), an unsigned 24-bit number (0 when unused)
// Offsets (jump targets, exception table, line table) count instructions, not
// bytes: instruction i is code[i]. Jump operands are ABSOLUTE targets.
//
// STACK NOTATION. `(before -- after)`, top of stack on the right. stack[-1] is
// the top, stack[-i] the i-th value from the top. Operands are written
// `name:kind` where kind is one of OperandKind below.
//
// FRAME LAYOUT the opcodes assume (see code.h):
//   fast locals   code.varnames: parameters first, then other locals; a slot
//                 holds a null Value while unbound.
//   cells         code.cellvars then code.freevars, indexed together by
//                 LOAD_DEREF & co. (index < ncellvars: a cell created empty when
//                 the frame is created; otherwise freevars[index - ncellvars],
//                 copied from the function's closure tuple in order). A
//                 parameter that is also a cell variable keeps its fast slot;
//                 the compiler copies it into the cell with LOAD_FAST+STORE_DEREF
//                 at the start of the body, so the VM needs no cell2arg map.
//   names         code.names: attribute, global and import names.
//   consts        code.consts: None/bool/int/float/str constants, tuples of
//                 str (keyword names), and nested CodeObjects.
//   locals dict   only for class bodies (flag kClassBody): a fresh dict the VM
//                 creates with the frame; LOAD_NAME/STORE_NAME/DELETE_NAME/
//                 LOAD_LOCALS use it. Module code uses LOAD_GLOBAL/STORE_GLOBAL
//                 (its locals ARE its globals), never *_NAME.
//
// EXCEPTIONS use the per-code exception table (code.h ExceptionTableEntry),
// as in CPython 3.11, not block-setup opcodes. When an instruction raises:
//   1. unless the instruction is RERAISE or a bare `raise` (RAISE_VARARGS 0),
//      the VM records a traceback entry (frame, the instruction's position) on
//      the exception; those two only continue unwinding, so a re-raised
//      exception keeps its original line, as in CPython 3.11 (this is why
//      entries need no `lasti`);
//   2. the VM finds the entry with start <= offset < end (entries never
//      overlap, the innermost handler is already resolved by the compiler);
//   3. found: truncate the value stack to entry.depth values, push the
//      exception instance, jump to entry.handler; not found: pop the frame and
//      raise in the caller (or finish the coroutine with kRaised).
// While an exception is being *handled* it is also the "current exception"
// (sys.exc_info(); per coroutine, as CPython's gi_exc_state): PUSH_EXC_INFO and
// POP_EXCEPT save/restore it. Raising a new exception while one is current sets
// the new one's __context__ (as _PyErr_SetObject does, skipping self-cycles).
//
// SUSPENSION. Only AWAIT, YIELD_VALUE and YIELD_FROM suspend. A suspended frame keeps its
// value stack and ip; see each opcode for what happens on resumption.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace corosim {

using Instr = uint32_t;

// One X(NAME, OperandKind, stack effect, stack effect when the jump is taken)
// per opcode. kVarEffect: depends on the operand, see stack_effect().
// clang-format off
#define COROSIM_OPCODES(X)                                                        \
  /* ---- stack manipulation ---- */                                             \
  X(NOP,            kNone,    0, 0)  /* ( -- ) placeholder, also a line marker */  \
  X(POP_TOP,        kNone,   -1, 0)  /* (v -- ) */                                 \
  X(COPY,           kCount,   1, 0)  /* arg=i>=1: (.. x(i) .. -- .. x(i) .. x) push a copy of stack[-i]; COPY 1 = dup */ \
  X(SWAP,           kCount,   0, 0)  /* arg=i>=2: swap stack[-1] and stack[-i] */  \
  /* ---- constants and variables ---- */                                       \
  X(LOAD_CONST,     kConst,   1, 0)  /* ( -- consts[arg]) */                       \
  X(LOAD_FAST,      kLocal,   1, 0)  /* ( -- fast[arg]); null -> UnboundLocalError "cannot access local variable 'x' where it is not associated with a value" */ \
  X(STORE_FAST,     kLocal,  -1, 0)  /* (v -- ) fast[arg] = v */                   \
  X(DELETE_FAST,    kLocal,   0, 0)  /* ( -- ) null -> UnboundLocalError as LOAD_FAST; else fast[arg] = null */ \
  X(LOAD_DEREF,     kDeref,   1, 0)  /* ( -- cells[arg].contents); empty: cell var -> UnboundLocalError as LOAD_FAST; free var -> NameError "cannot access free variable 'x' where it is not associated with a value in enclosing scope" */ \
  X(STORE_DEREF,    kDeref,  -1, 0)  /* (v -- ) cells[arg].contents = v */         \
  X(DELETE_DEREF,   kDeref,   0, 0)  /* ( -- ) empty -> error as LOAD_DEREF; else empties the cell */ \
  X(LOAD_CLOSURE,   kDeref,   1, 0)  /* ( -- cells[arg]) the cell object itself, to build a closure tuple */ \
  X(LOAD_CLASSDEREF,kDeref,   1, 0)  /* ( -- v) class bodies only: locals[name of cell arg] if present, else as LOAD_DEREF */ \
  X(LOAD_GLOBAL,    kName,    1, 0)  /* ( -- globals[names[arg]]) falling back to builtins; NameError "name 'x' is not defined" */ \
  X(STORE_GLOBAL,   kName,   -1, 0)  /* (v -- ) globals[names[arg]] = v */         \
  X(DELETE_GLOBAL,  kName,    0, 0)  /* ( -- ) missing -> NameError "name 'x' is not defined" */ \
  X(LOAD_NAME,      kName,    1, 0)  /* ( -- v) class bodies: locals, then globals, then builtins; NameError as LOAD_GLOBAL */ \
  X(STORE_NAME,     kName,   -1, 0)  /* (v -- ) locals[names[arg]] = v */          \
  X(DELETE_NAME,    kName,    0, 0)  /* ( -- ) missing -> NameError "name 'x' is not defined" */ \
  X(LOAD_LOCALS,    kNone,    1, 0)  /* ( -- locals dict) class bodies: the namespace the body returns */ \
  X(LOAD_ASSERTION_ERROR, kNone, 1, 0) /* ( -- AssertionError) the builtin class, even if the name is shadowed */ \
  /* ---- attributes and subscripts ---- */                                     \
  X(LOAD_ATTR,      kName,    0, 0)  /* (obj -- obj.names[arg]) */                 \
  X(STORE_ATTR,     kName,   -2, 0)  /* (v, obj -- ) obj.names[arg] = v */         \
  X(DELETE_ATTR,    kName,   -1, 0)  /* (obj -- ) del obj.names[arg] */            \
  X(BINARY_SUBSCR,  kNone,   -1, 0)  /* (container, key -- container[key]) */      \
  X(STORE_SUBSCR,   kNone,   -3, 0)  /* (v, container, key -- ) container[key] = v */ \
  X(DELETE_SUBSCR,  kNone,   -2, 0)  /* (container, key -- ) del container[key] */ \
  X(BUILD_SLICE,    kCount,  kVarEffect, 0) /* arg=2: (start, stop -- slice); arg=3: (start, stop, step -- slice); absent parts are None */ \
  /* ---- operators ---- */                                                     \
  X(UNARY_POSITIVE, kNone,    0, 0)  /* (v -- +v) */                               \
  X(UNARY_NEGATIVE, kNone,    0, 0)  /* (v -- -v) */                               \
  X(UNARY_NOT,      kNone,    0, 0)  /* (v -- not v) always a bool */              \
  X(UNARY_INVERT,   kNone,    0, 0)  /* (v -- ~v) */                               \
  X(BINARY_OP,      kBinaryOp,-1, 0) /* (lhs, rhs -- lhs OP rhs) OP = BinaryOpArg(arg); in-place variants try __iadd__-style first (list += extends in place) */ \
  X(COMPARE_OP,     kCompareOp,-1, 0) /* (lhs, rhs -- lhs OP rhs) OP = CompareOpArg(arg); result need not be a bool */ \
  X(IS_OP,          kInvert, -1, 0)  /* (a, b -- a is b); arg=1: is not */         \
  X(CONTAINS_OP,    kInvert, -1, 0)  /* (item, container -- item in container); arg=1: not in */ \
  /* ---- jumps (arg = absolute target offset) ---- */                          \
  X(JUMP,           kJump,    0, 0)  /* ( -- ) goto arg. A backward jump is where the VM counts a step for --max-steps */ \
  X(POP_JUMP_IF_FALSE, kJump,-1, -1) /* (v -- ) if not truthy(v): goto arg */      \
  X(POP_JUMP_IF_TRUE,  kJump,-1, -1) /* (v -- ) if truthy(v): goto arg */          \
  X(JUMP_IF_FALSE_OR_POP, kJump, -1, 0) /* (v -- v) and goto arg if not truthy(v); else (v -- ) and fall through. `and` */ \
  X(JUMP_IF_TRUE_OR_POP,  kJump, -1, 0) /* (v -- v) and goto arg if truthy(v); else (v -- ) and fall through. `or` */ \
  /* ---- iteration ---- */                                                     \
  X(GET_ITER,       kNone,    0, 0)  /* (iterable -- iter(iterable)); TypeError "'int' object is not iterable" */ \
  X(FOR_ITER,       kJump,    1, -1) /* (it -- it, next(it)); exhausted: (it -- ) and goto arg. No StopIteration object; an exception other than StopIteration propagates. May run a generator's frame */ \
  X(UNPACK_SEQUENCE,kCount,  kVarEffect, 0) /* arg=n: (seq -- v[n-1], ..., v[1], v[0]) v[0] on top; ValueError "not enough values to unpack (expected 3, got 2)" / "too many values to unpack (expected 2)"; TypeError "cannot unpack non-iterable int object" */ \
  X(UNPACK_EX,      kUnpackEx,kVarEffect, 0) /* arg = before | after<<8 for `a, *b, c = seq`: (seq -- v_last..., list_of_rest, v[before-1], ..., v[0]) v[0] on top; ValueError "not enough values to unpack (expected at least 2, got 1)" */ \
  /* ---- building containers and strings ---- */                               \
  X(BUILD_TUPLE,    kCount,  kVarEffect, 0) /* arg=n: (v1 .. vn -- (v1, .., vn)) */      \
  X(BUILD_LIST,     kCount,  kVarEffect, 0) /* arg=n: (v1 .. vn -- [v1, .., vn]) */      \
  X(BUILD_SET,      kCount,  kVarEffect, 0) /* arg=n: (v1 .. vn -- {v1, .., vn}) added in order */ \
  X(BUILD_MAP,      kCount,  kVarEffect, 0) /* arg=n: (k1, v1, .., kn, vn -- {k1: v1, ..}) inserted in order */ \
  X(BUILD_STRING,   kCount,  kVarEffect, 0) /* arg=n: (s1 .. sn -- s1 + .. + sn) all are str (f-string parts) */ \
  X(LIST_TO_TUPLE,  kNone,    0, 0)  /* (list -- tuple(list)) */                   \
  X(LIST_APPEND,    kCount,  -1, 0)  /* arg=i: (v -- ) stack[-i].append(v), stack[-i] counted after the pop */ \
  X(SET_ADD,        kCount,  -1, 0)  /* arg=i: (v -- ) stack[-i].add(v) */         \
  X(MAP_ADD,        kCount,  -2, 0)  /* arg=i: (k, v -- ) stack[-i][k] = v, stack[-i] counted after both pops */ \
  X(LIST_EXTEND,    kCount,  -1, 0)  /* arg=i: (iterable -- ) stack[-i].extend(iterable); TypeError "Value after * must be an iterable, not int" */ \
  X(SET_UPDATE,     kCount,  -1, 0)  /* arg=i: (iterable -- ) stack[-i].update(iterable) */ \
  X(DICT_UPDATE,    kCount,  -1, 0)  /* arg=i: (mapping -- ) stack[-i].update(mapping) ({**m}); TypeError "'int' object is not a mapping" */ \
  X(DICT_MERGE,     kCount,  -1, 0)  /* arg=i: as DICT_UPDATE but for f(**m): duplicate key -> TypeError "f() got multiple values for keyword argument 'k'", not a mapping -> "f() argument after ** must be a mapping, not int"; f is stack[-(i+2)] after the pop */ \
  X(FORMAT_VALUE,   kFormat, kVarEffect, 0) /* arg = conv | 4*has_spec; conv: 0 none, 1 str (!s), 2 repr (!r), 3 ascii (!a). (v -- format(conv(v), '')) or (v, spec -- format(conv(v), spec)) */ \
  /* ---- calls and functions ---- */                                           \
  X(CALL,           kCount,  kVarEffect, 0) /* arg=n: (f, a1 .. an -- f(a1, .., an)) may push a Python frame and continue there */ \
  X(CALL_KW,        kCount,  kVarEffect, 0) /* arg=n: (f, a1 .. an, kwnames -- result) kwnames a tuple of str: the last len(kwnames) of the n arguments are keywords in that order */ \
  X(CALL_EX,        kCallEx, kVarEffect, 0) /* arg=0: (f, args -- f(*args)); arg=1: (f, args, kwargs_dict -- f(*args, **kwargs)). args is usually a tuple; for f(*it) it is `it` itself: a non-tuple is converted with tuple(it), TypeError "f() argument after * must be an iterable, not int" */ \
  X(MAKE_FUNCTION,  kMakeFunction, kVarEffect, 0) /* (defaults if arg&1, kwdefaults if arg&2, closure if arg&8, code -- function) defaults a tuple, kwdefaults a dict {name: value}, closure a tuple of cells (one per code.freevars, same order); globals = this frame's globals; name/qualname from code */ \
  X(RETURN_VALUE,   kNone,   -1, 0)  /* (v -- ) return v from this frame (a coroutine or generator frame finishes with it) */ \
  X(BUILD_CLASS,    kNone,   -2, 0)  /* (name, bases_tuple, namespace -- class) calls the runtime's make_class(name, bases, ns); make_class pops ns['__classcell__'] if present and sets that cell to the class (zero-arg super()) */ \
  /* ---- generators and coroutines ---- */                                     \
  X(YIELD_VALUE,    kNone,    0, 0)  /* (v -- sent) generator code only: suspend yielding v; on resume by send(x) push x (None from next()); on throw(e) raise e at this instruction */ \
  X(GET_YIELD_FROM_ITER, kNone, 0, 0) /* (obj -- it) `yield from obj`: a generator stays itself, anything else becomes iter(obj); a coroutine -> TypeError "cannot 'yield from' a coroutine object in a non-coroutine generator" */ \
  X(YIELD_FROM,     kNone,    0, 0)  /* (it -- result) generator code only: restartable, see YIELD_FROM below */ \
  X(GET_AWAITABLE,  kCount,   0, 0)  /* (obj -- awaitable) coroutine (compiled or native), Future or Task: itself; else TypeError "object int can't be used in 'await' expression" (arg=1: "'async with' received an object from __aenter__ that does not implement __await__: int", arg=2: the same from __aexit__). A coroutine already being awaited -> RuntimeError "coroutine is being awaited already" */ \
  X(AWAIT,          kNone,    0, 0)  /* (awaitable -- result) restartable, see AWAIT below */ \
  X(BEFORE_ASYNC_WITH, kNone, 1, 0)  /* (mgr -- bound __aexit__, mgr.__aenter__()) both looked up on the type; missing: TypeError "'C' object does not support the asynchronous context manager protocol" (+ " (missed __aexit__ method)") */ \
  /* ---- exceptions ---- */                                                    \
  X(PUSH_EXC_INFO,  kNone,    1, 0)  /* (exc -- prev, exc) prev = current exception (None if none); current exception = exc */ \
  X(POP_EXCEPT,     kNone,   -1, 0)  /* (prev -- ) current exception = prev (None: none) */ \
  X(WITH_EXCEPT_START, kNone,  1, 0)  /* (exit, prev, exc -- exit, prev, exc, exit(type(exc), exc, None)) the __aexit__ call of `async with` on the exception path */ \
  X(CHECK_EXC_MATCH,kNone,    0, 0)  /* (exc, type -- exc, bool) isinstance(exc, type); type a class or tuple of classes, else TypeError "catching classes that do not inherit from BaseException is not allowed" */ \
  X(RERAISE,        kNone,   -1, 0)  /* (exc -- ) raise exc again: no new traceback entry, no new __context__ */ \
  X(RAISE_VARARGS,  kRaise,  kVarEffect, 0) /* arg=0: ( -- ) re-raise the current exception, RuntimeError "No active exception to reraise" if none; arg=1: (exc -- ); arg=2: (exc, cause -- ) raise exc from cause. See RAISE below */ \
  /* ---- imports ---- */                                                       \
  X(IMPORT_NAME,    kName,    1, 0)  /* ( -- module) the module named names[arg] exactly ("asyncio", "time", "random"), from the VM's import table; ModuleNotFoundError "No module named 'x'" */ \
  X(IMPORT_FROM,    kName,    1, 0)  /* (module -- module, module.names[arg]); missing -> ImportError "cannot import name 'x' from 'asyncio' (unknown location)" */
// clang-format on

enum class Opcode : uint8_t {
#define COROSIM_OPCODE_ENUM(name, kind, effect, jump_effect) name,
  COROSIM_OPCODES(COROSIM_OPCODE_ENUM)
#undef COROSIM_OPCODE_ENUM
};

// AWAIT, precisely. The awaitable stays at stack[-1] while the instruction is
// in progress; the frame's ip stays on the AWAIT while it is suspended.
//  - First execution: the VM sends None into the awaitable.
//  - Resumed by send(x): it sends x into the awaitable; resumed by throw(e):
//    it throws e into the awaitable (coro.throw / Future: raise e at once).
//  - The awaitable yields y (a Future with _asyncio_future_blocking set, or
//    None for a bare yield as in asyncio.sleep(0)): this coroutine suspends
//    and yields y to its own driver (the Task). A chain of awaited compiled
//    coroutines is one frame chain: the VM may run the callee's frame directly
//    instead of nesting send() calls, the effect is the same.
//  - The awaitable returns r: pop it, push r, continue with the next
//    instruction. An awaited Future/Task that is already done never suspends:
//    its result is pushed (or its exception raised) at once (Future.__await__).
//  - The awaitable raises: the exception is raised at this instruction.
//
// YIELD_FROM, precisely (Objects/genobject.c SEND and _gen_throw, 3.11). The
// delegate `it` stays at stack[-1] and the frame's ip on the YIELD_FROM while
// it is in progress, as for AWAIT.
//  - First execution: next(it). Resumed by send(x): it.send(x) (next(it) for
//    None; a plain iterator has no send: AttributeError).
//  - Resumed by throw(e): GeneratorExit closes a generator delegate and is
//    raised here; another e is thrown into a generator delegate, and raised
//    here for a plain iterator (it has no throw method).
//  - The delegate yields y: this generator suspends yielding y. It returns r
//    (a plain iterator: is exhausted, r = None): pop it, push r, continue.
//    It raises: the exception is raised at this instruction.
//
// RAISE, precisely (RAISE_VARARGS 1 and 2): a class is instantiated with no
// arguments; an instance of BaseException is used as is; anything else ->
// TypeError "exceptions must derive from BaseException". The cause (arg 2) may
// be None (sets __suppress_context__, __cause__ = None), a class (instantiated)
// or an instance; else TypeError "exception causes must derive from
// BaseException".

// What an operand means; the disassembler resolves it for display.
enum class OperandKind : uint8_t {
  kNone,          // unused (0)
  kConst,         // index into code.consts
  kName,          // index into code.names
  kLocal,         // index into code.varnames (fast locals)
  kDeref,         // index into code.cellvars ++ code.freevars
  kJump,          // absolute instruction offset
  kCount,         // a plain number (items, arguments, stack position)
  kBinaryOp,      // a BinaryOpArg
  kCompareOp,     // a CompareOpArg
  kInvert,        // 0 or 1 (IS_OP, CONTAINS_OP)
  kFormat,        // FORMAT_VALUE flags
  kMakeFunction,  // MAKE_FUNCTION flags
  kCallEx,        // CALL_EX flags
  kRaise,         // RAISE_VARARGS argument count
  kUnpackEx,      // before | after << 8
};

// BINARY_OP and COMPARE_OP operands. Named *Arg because sim/runtime/operators.h
// owns corosim::BinaryOp / CompareOp (the runtime's operator families, other
// numbering); the interpreter maps one to the other (sim/vm/ops_bridge).
//
// BINARY_OP operands; the values are CPython's NB_* (Include/internal/pycore_
// code.h / opcode.h). The in-place variant of an operator is op + 13.
enum class BinaryOpArg : uint8_t {
  kAdd, kAnd, kFloorDivide, kLshift, kMatrixMultiply, kMultiply, kRemainder,
  kOr, kPower, kRshift, kSubtract, kTrueDivide, kXor,
  kInplaceAdd, kInplaceAnd, kInplaceFloorDivide, kInplaceLshift,
  kInplaceMatrixMultiply, kInplaceMultiply, kInplaceRemainder, kInplaceOr,
  kInplacePower, kInplaceRshift, kInplaceSubtract, kInplaceTrueDivide,
  kInplaceXor,
};
inline constexpr int kInplaceOffset = 13;

// The operator as Python spells it in "unsupported operand type(s) for +:".
inline constexpr std::array<std::string_view, 26> kBinaryOpArgSymbols = {
    "+",  "&",  "//",  "<<",  "@",  "*",  "%",  "|",  "**",  ">>",  "-",  "/",  "^",
    "+=", "&=", "//=", "<<=", "@=", "*=", "%=", "|=", "**=", ">>=", "-=", "/=", "^=",
};
constexpr std::string_view binary_op_arg_symbol(BinaryOpArg op) {
  return kBinaryOpArgSymbols[static_cast<size_t>(op)];
}
constexpr bool is_inplace(BinaryOpArg op) { return static_cast<int>(op) >= kInplaceOffset; }
// kInplaceAdd -> kAdd: the arithmetic an in-place operator falls back to.
constexpr BinaryOpArg base_op(BinaryOpArg op) {
  return is_inplace(op) ? static_cast<BinaryOpArg>(static_cast<int>(op) - kInplaceOffset) : op;
}

// COMPARE_OP operands; the values are CPython's Py_LT .. Py_GE.
enum class CompareOpArg : uint8_t { kLt, kLe, kEq, kNe, kGt, kGe };
inline constexpr std::array<std::string_view, 6> kCompareOpArgSymbols = {"<", "<=", "==", "!=", ">", ">="};
constexpr std::string_view compare_op_arg_symbol(CompareOpArg op) {
  return kCompareOpArgSymbols[static_cast<size_t>(op)];
}

// FORMAT_VALUE flags.
inline constexpr uint32_t kFormatConvMask = 0x3;
inline constexpr uint32_t kFormatConvNone = 0, kFormatConvStr = 1, kFormatConvRepr = 2,
                          kFormatConvAscii = 3;
inline constexpr uint32_t kFormatHasSpec = 0x4;

// MAKE_FUNCTION flags (CPython's values; 0x04, annotations, is never set).
inline constexpr uint32_t kMakeFunctionDefaults = 0x01;
inline constexpr uint32_t kMakeFunctionKwDefaults = 0x02;
inline constexpr uint32_t kMakeFunctionClosure = 0x08;

// CALL_EX flags.
inline constexpr uint32_t kCallExHasKwargs = 0x01;

// ---- the static table ----

inline constexpr int kVarEffect = 127;  // "depends on the operand" in the table below

struct OpcodeInfo {
  std::string_view name;
  OperandKind operand;
  int8_t effect;       // stack effect when execution falls through (kVarEffect: see stack_effect)
  int8_t jump_effect;  // stack effect when the jump is taken (jump opcodes only)
};

inline constexpr OpcodeInfo kOpcodeInfo[] = {
#define COROSIM_OPCODE_INFO(name, kind, effect, jump_effect) {#name, OperandKind::kind, effect, jump_effect},
    COROSIM_OPCODES(COROSIM_OPCODE_INFO)
#undef COROSIM_OPCODE_INFO
};
inline constexpr size_t kOpcodeCount = sizeof(kOpcodeInfo) / sizeof(kOpcodeInfo[0]);

constexpr const OpcodeInfo& opcode_info(Opcode op) { return kOpcodeInfo[static_cast<size_t>(op)]; }
constexpr std::string_view opcode_name(Opcode op) { return opcode_info(op).name; }
constexpr bool is_jump(Opcode op) { return opcode_info(op).operand == OperandKind::kJump; }
// True when execution never falls through to the next instruction.
constexpr bool is_terminator(Opcode op) {
  return op == Opcode::JUMP || op == Opcode::RETURN_VALUE || op == Opcode::RERAISE ||
         op == Opcode::RAISE_VARARGS;
}

// ---- encoding ----

inline constexpr uint32_t kMaxArg = (1u << 24) - 1;

constexpr Instr encode(Opcode op, uint32_t arg = 0) {
  return static_cast<uint32_t>(op) | (arg << 8);
}
constexpr Opcode opcode_of(Instr instr) { return static_cast<Opcode>(instr & 0xFF); }
constexpr uint32_t arg_of(Instr instr) { return instr >> 8; }

// Net change of the value-stack height caused by `op` with operand `arg`;
// `jump` selects the taken branch of a jump opcode.
constexpr int stack_effect(Opcode op, uint32_t arg, bool jump) {
  const OpcodeInfo& info = opcode_info(op);
  if (jump && is_jump(op)) return info.jump_effect;
  if (info.effect != kVarEffect) return info.effect;
  const int n = static_cast<int>(arg);
  switch (op) {
    case Opcode::BUILD_SLICE: return 1 - n;
    case Opcode::UNPACK_SEQUENCE: return n - 1;
    case Opcode::UNPACK_EX: return static_cast<int>((arg & 0xFF) + (arg >> 8));  // + the list - seq
    case Opcode::BUILD_TUPLE:
    case Opcode::BUILD_LIST:
    case Opcode::BUILD_SET:
    case Opcode::BUILD_STRING: return 1 - n;
    case Opcode::BUILD_MAP: return 1 - 2 * n;
    case Opcode::FORMAT_VALUE: return (arg & kFormatHasSpec) ? -1 : 0;
    case Opcode::CALL: return -n;
    case Opcode::CALL_KW: return -n - 1;
    case Opcode::CALL_EX: return (arg & kCallExHasKwargs) ? -2 : -1;
    case Opcode::MAKE_FUNCTION:
      return -((arg & kMakeFunctionDefaults) ? 1 : 0) - ((arg & kMakeFunctionKwDefaults) ? 1 : 0) -
             ((arg & kMakeFunctionClosure) ? 1 : 0);
    case Opcode::RAISE_VARARGS: return -n;
    default: return 0;
  }
}

}  // namespace corosim
