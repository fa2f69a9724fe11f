#include "sim/front/lexer.h"

#include <doctest/doctest.h>

#include <string>

using corosim::Lexer;
using corosim::SourceFile;
using corosim::Token;
using corosim::TokenKind;

namespace {

// "NAME(x) = INT(1) NEWLINE ENDMARKER", or the error's first line at the end.
std::string tokens(const std::string& text) {
  SourceFile source = SourceFile::from_string("prog.py", text);
  Lexer lexer(source);
  std::string out;
  for (int guard = 0; guard < 10000; ++guard) {
    Token t = lexer.next();
    if (!out.empty()) out += ' ';
    if (t.kind == TokenKind::Error) {
      std::string message = lexer.error()->format();
      return out + "ERROR " + message.substr(0, message.find('\n'));
    }
    std::string name(corosim::token_kind_name(t.kind));
    bool show_text = t.kind == TokenKind::Name || t.kind == TokenKind::Int || t.kind == TokenKind::Float ||
                     t.kind == TokenKind::String;
    out += show_text ? name + "(" + std::string(t.text) + ")" : name;
    if (t.kind == TokenKind::EndOfFile) break;
  }
  return out;
}

std::string error_of(const std::string& text) {
  std::string all = tokens(text);
  std::size_t at = all.find("ERROR ");
  return at == std::string::npos ? "(no error)" : all.substr(at + 6);
}

}  // namespace

TEST_CASE("an empty file is just the end marker") {
  CHECK(tokens("") == "ENDMARKER");
}

TEST_CASE("a file of comments and blank lines has no tokens") {
  CHECK(tokens("# one\n\n   # two\n\t\n# three") == "ENDMARKER");
}

TEST_CASE("a last line without a line break still ends with NEWLINE") {
  CHECK(tokens("x = 1") == "NAME(x) = INT(1) NEWLINE ENDMARKER");
}

TEST_CASE("indentation produces INDENT and one DEDENT per closed level") {
  CHECK(tokens("if a:\n  if b:\n    c\nd\n") ==
        "if NAME(a) : NEWLINE INDENT if NAME(b) : NEWLINE INDENT NAME(c) NEWLINE DEDENT DEDENT NAME(d) NEWLINE ENDMARKER");
}

TEST_CASE("open blocks are closed at the end of the file") {
  CHECK(tokens("if a:\n    b") == "if NAME(a) : NEWLINE INDENT NAME(b) NEWLINE DEDENT ENDMARKER");
}

TEST_CASE("a tab indents to the next multiple of eight") {
  CHECK(tokens("if a:\n\tb\n        c\n") == "if NAME(a) : NEWLINE INDENT NAME(b) NEWLINE ERROR prog.py:3:9: TabError: inconsistent use of tabs and spaces in indentation");
  CHECK(tokens("if a:\n\tb\n\tc\n") == "if NAME(a) : NEWLINE INDENT NAME(b) NEWLINE NAME(c) NEWLINE DEDENT ENDMARKER");
}

TEST_CASE("an unindent to an unknown level is an IndentationError") {
  CHECK(error_of("if x:\n    a\n  b\n") == "prog.py:3:3: IndentationError: unindent does not match any outer indentation level");
}

TEST_CASE("more than a hundred indentation levels are refused") {
  std::string text;
  for (int i = 0; i < 102; ++i) text += std::string(static_cast<std::size_t>(i), ' ') + "if x:\n";
  CHECK(error_of(text) == "prog.py:102:102: IndentationError: too many levels of indentation");
}

TEST_CASE("line breaks inside brackets and after a backslash do not end the line") {
  CHECK(tokens("x = (1,\n  2)\ny = 1 + \\\n  2\n") ==
        "NAME(x) = ( INT(1) , INT(2) ) NEWLINE NAME(y) = INT(1) + INT(2) NEWLINE ENDMARKER");
}

TEST_CASE("a backslash not followed by a line break is an error") {
  CHECK(error_of("x = \\ y\n") == "prog.py:1:6: SyntaxError: unexpected character after line continuation character");
  CHECK(error_of("x = 1 \\") == "prog.py:1:8: SyntaxError: unexpected EOF while parsing");
}

TEST_CASE("numbers: underscores, prefixes, floats") {
  CHECK(tokens("1_000 0x_ff 0o17 0b101 1.5 1e-3 .5 1_000.5 1. 1E+10 00") ==
        "INT(1_000) INT(0x_ff) INT(0o17) INT(0b101) FLOAT(1.5) FLOAT(1e-3) FLOAT(.5) FLOAT(1_000.5) FLOAT(1.) "
        "FLOAT(1E+10) INT(00) NEWLINE ENDMARKER");
}

TEST_CASE("malformed numbers are named") {
  CHECK(error_of("x = 1__0") == "prog.py:1:6: SyntaxError: invalid decimal literal");
  CHECK(error_of("x = 1_") == "prog.py:1:6: SyntaxError: invalid decimal literal");
  CHECK(error_of("x = 1abc") == "prog.py:1:5: SyntaxError: invalid decimal literal");
  CHECK(error_of("x = 1e") == "prog.py:1:5: SyntaxError: invalid decimal literal");
  CHECK(error_of("x = 0123") == "prog.py:1:5: SyntaxError: leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
  CHECK(error_of("x = 0o8") == "prog.py:1:7: SyntaxError: invalid digit '8' in octal literal");
  CHECK(error_of("x = 0b2") == "prog.py:1:7: SyntaxError: invalid digit '2' in binary literal");
  CHECK(error_of("x = 0x") == "prog.py:1:7: SyntaxError: invalid hexadecimal literal");
  CHECK(error_of("x = 1j") == "prog.py:1:5: unsupported: complex numbers ('1j') are not supported yet");
}

TEST_CASE("strings of every quoting and prefix are one token each") {
  CHECK(tokens(R"(a = 'x' "y" '''z''' """w""" r'\d' f'{a}' rf"{b}" Rb'c' u'd')") ==
        R"(NAME(a) = STRING('x') STRING("y") STRING('''z''') STRING("""w""") STRING(r'\d') STRING(f'{a}') )"
        R"(STRING(rf"{b}") STRING(Rb'c') STRING(u'd') NEWLINE ENDMARKER)");
}

TEST_CASE("a quote escaped by a backslash does not end the string") {
  CHECK(tokens(R"('it\'s' r'\'')") == R"(STRING('it\'s') STRING(r'\'') NEWLINE ENDMARKER)");
}

TEST_CASE("triple-quoted strings span lines") {
  CHECK(tokens("s = '''a\nb'''\nt") == "NAME(s) = STRING('''a\nb''') NEWLINE NAME(t) NEWLINE ENDMARKER");
}

TEST_CASE("unterminated strings name the line where the end was detected") {
  CHECK(error_of("s = 'abc\n") == "prog.py:1:5: SyntaxError: unterminated string literal (detected at line 1)");
  CHECK(error_of("s = '''abc\n\n") == "prog.py:1:5: SyntaxError: unterminated triple-quoted string literal (detected at line 2)");
  CHECK(error_of("s = 'abc\\") == "prog.py:1:5: SyntaxError: unterminated string literal (detected at line 1)");
}

TEST_CASE("operators are matched longest first") {
  CHECK(tokens("a **= b //= c -> d := e @ f != g ... h >>= i") ==
        "NAME(a) **= NAME(b) //= NAME(c) -> NAME(d) := NAME(e) @ NAME(f) != NAME(g) ... NAME(h) >>= NAME(i) NEWLINE ENDMARKER");
}

TEST_CASE("keywords are told apart from names") {
  CHECK(tokens("async await awaits None none") == "async await NAME(awaits) None NAME(none) NEWLINE ENDMARKER");
}

TEST_CASE("non-ASCII letters make names, symbols do not") {
  CHECK(tokens("café = 1") == "NAME(café) = INT(1) NEWLINE ENDMARKER");
  CHECK(error_of("x = €") == "prog.py:1:5: SyntaxError: invalid character '€' (U+20AC)");
  CHECK(error_of("x = $") == "prog.py:1:5: SyntaxError: invalid syntax");
}

TEST_CASE("invisible characters are named by code point, as CPython names them") {
  CHECK(error_of("x = 1 +\u00A0 2") == "prog.py:1:8: SyntaxError: invalid non-printable character U+00A0");
  CHECK(error_of("x = 1 +\u200B 2") == "prog.py:1:8: SyntaxError: invalid non-printable character U+200B");
  CHECK(error_of("x = 1 +\u3000 2") == "prog.py:1:8: SyntaxError: invalid non-printable character U+3000");
  CHECK(error_of("x = 1 +\uFEFF 2") == "prog.py:1:8: SyntaxError: invalid non-printable character U+FEFF");
}

TEST_CASE("columns count characters, not bytes") {
  SourceFile source = SourceFile::from_string("prog.py", "é = 'ü'; y");
  Lexer lexer(source);
  lexer.next();
  lexer.next();
  Token s = lexer.next();
  CHECK(s.col == 5);
  CHECK(s.end_col == 8);
  lexer.next();
  CHECK(lexer.next().col == 10);
}

TEST_CASE("a UTF-8 byte order mark is not a token and not a column") {
  CHECK(tokens("\xEF\xBB\xBFx = 1") == "NAME(x) = INT(1) NEWLINE ENDMARKER");
  CHECK(error_of("\xEF\xBB\xBFx = )") == "prog.py:1:5: SyntaxError: unmatched ')'");
  SourceFile source = SourceFile::from_string("prog.py", "\xEF\xBB\xBFif x:\n  y");
  Lexer lexer(source);
  Token first = lexer.next();
  CHECK(first.col == 1);
  CHECK(first.offset == 3);
  CHECK(lexer.next().col == 4);
}

TEST_CASE("brackets must match") {
  CHECK(error_of("x = )") == "prog.py:1:5: SyntaxError: unmatched ')'");
  CHECK(error_of("x = (]") == "prog.py:1:6: SyntaxError: closing parenthesis ']' does not match opening parenthesis '('");
  CHECK(error_of("x = (\n\n]") ==
        "prog.py:3:1: SyntaxError: closing parenthesis ']' does not match opening parenthesis '(' on line 1");
  CHECK(error_of("x = [1,\n 2\n") == "prog.py:1:5: SyntaxError: '[' was never closed");
}

TEST_CASE("more than two hundred open brackets are refused") {
  CHECK(error_of(std::string(1000000, '(')) == "prog.py:1:201: SyntaxError: too many nested parentheses");
  CHECK(error_of(std::string(100000, '[')) == "prog.py:1:201: SyntaxError: too many nested parentheses");
}

TEST_CASE("a NUL byte is refused") {
  CHECK(error_of(std::string("x = 1\n\0", 7)) == "prog.py:2:1: SyntaxError: source code cannot contain null bytes");
}

TEST_CASE("after an error the lexer keeps returning the error") {
  SourceFile source = SourceFile::from_string("prog.py", "x = )");
  Lexer lexer(source);
  lexer.next();
  lexer.next();
  CHECK(lexer.next().kind == TokenKind::Error);
  CHECK(lexer.next().kind == TokenKind::Error);
  CHECK(lexer.error()->message == "unmatched ')'");
}

TEST_CASE("an f-string expression range is lexed as if inside brackets") {
  SourceFile source = SourceFile::from_string("prog.py", "f'{a +\n b}'");
  Lexer lexer(source, 3, 9);
  CHECK(lexer.next().text == "a");
  CHECK(lexer.next().kind == TokenKind::Plus);
  Token b = lexer.next();
  CHECK(b.text == "b");
  CHECK(b.line == 2);
  CHECK(b.col == 2);
  CHECK(lexer.next().kind == TokenKind::EndOfFile);
}

TEST_CASE("decode_escapes follows Python's escapes") {
  std::string out, message;
  std::size_t at = 0;
  CHECK(corosim::decode_escapes(R"(a\n\t\\\'\"\x41\u00e9\U0001F600\101\0\z\
b)", out, message, at));
  CHECK(out == std::string("a\n\t\\'\"A\xC3\xA9\xF0\x9F\x98\x80" "A") + std::string(1, '\0') + "\\zb");
  out.clear();
  CHECK_FALSE(corosim::decode_escapes(R"(ab\x4)", out, message, at));
  CHECK(message == R"((unicode error) 'unicodeescape' codec can't decode bytes in position 2-4: truncated \xXX escape)");
  CHECK(at == 2);
}

TEST_CASE("split_string_token separates prefix, quotes and body") {
  SourceFile source = SourceFile::from_string("prog.py", "rf'''a{b}'''");
  Lexer lexer(source);
  corosim::StringLiteral s = corosim::split_string_token(lexer.next());
  CHECK(s.raw);
  CHECK(s.fstring);
  CHECK_FALSE(s.bytes);
  CHECK(s.body == "a{b}");
  CHECK(s.body_offset == 5);
}
