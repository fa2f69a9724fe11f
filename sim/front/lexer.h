// Lexer: Python source bytes -> tokens, one at a time (clox scanner.c shape).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/front/diagnostic.h"
#include "sim/front/source.h"
#include "sim/front/token.h"

namespace corosim {

inline constexpr int kMaxParenDepth = 200;   ///< open brackets: "too many nested parentheses" (CPython's MAXLEVEL)
inline constexpr int kMaxIndentDepth = 100;  ///< "too many levels of indentation" (CPython's MAXINDENT)

/// Turns a SourceFile (or a byte range of it, for f-string expressions) into
/// tokens on demand. Produces INDENT/DEDENT/NEWLINE by Python's rules (tabs to
/// the next multiple of 8, TabError on inconsistent tabs and spaces), ignores
/// line breaks inside brackets and after a backslash, and stops at the first
/// error: next() then returns an Error token forever and error() holds the
/// Diagnostic. Invariant: pos_ <= end_, and nothing reads at or beyond end_.
class Lexer {
 public:
  /// Lexes the whole file.
  explicit Lexer(const SourceFile& source);
  /// Lexes bytes [begin, end) as one expression inside implicit brackets (no
  /// NEWLINE/INDENT); used for the expressions inside f-strings.
  Lexer(const SourceFile& source, std::size_t begin, std::size_t end);

  /// The next token; EndOfFile forever after the end.
  Token next();
  /// The error that produced an Error token.
  const std::optional<Diagnostic>& error() const { return error_; }

 private:
  struct Indent {
    int col;     // width with tabs to multiples of 8
    int altcol;  // width with tabs as 1 column, for the TabError check
  };
  struct Bracket {
    char open;
    std::size_t offset;
  };

  bool at_end() const { return pos_ >= end_; }
  char peek(std::size_t ahead = 0) const;
  Token make(TokenKind kind, std::size_t start);
  Token fail(std::size_t offset, std::string kind, std::string message);
  std::optional<Token> line_start();
  Token indent_change(const Indent& indent);
  Token end_of_input();
  bool skip_blanks();
  Token scan_token();
  Token name_or_string(std::size_t start);
  Token number(std::size_t start);
  Token prefixed_number(std::size_t start);
  Token string(std::size_t start, std::size_t quote_at);
  Token punctuation(std::size_t start);
  Token open_bracket(std::size_t start, TokenKind kind);
  Token close_bracket(std::size_t start, TokenKind kind);
  Token invalid_character(std::size_t start);
  bool skip_digits(bool (*is_digit)(char));
  SourcePosition position(std::size_t offset);

  const SourceFile& source_;
  std::string_view bytes_;
  std::size_t pos_;
  std::size_t end_;
  bool at_line_start_;
  bool fstring_mode_;
  bool need_newline_ = false;  // a token was emitted since the last NEWLINE: EOF must end the line
  int pending_dedents_ = 0;
  std::vector<Indent> indents_;
  std::vector<Bracket> brackets_;
  std::optional<Diagnostic> error_;
  // Position cache: offsets only grow, so columns are counted incrementally.
  std::size_t cache_offset_ = 0;
  SourcePosition cache_pos_;
};

/// The parts of a String token: prefix flags and the body between the quotes.
struct StringLiteral {
  bool raw = false;
  bool fstring = false;
  bool bytes = false;
  std::string_view body;
  std::size_t body_offset = 0;  ///< byte offset of body in the source
};
StringLiteral split_string_token(const Token& token);

/// Decodes the backslash escapes of a non-raw string body as Python does
/// (unknown escapes stay as backslash + character). On a malformed escape
/// returns false and sets `message` and `error_at` (offset within body of the
/// backslash): a SyntaxError when message starts with "(unicode error)" (CPython's
/// text), otherwise an unsupported construct (\N{...}, lone surrogates).
bool decode_escapes(std::string_view body, std::string& out, std::string& message, std::size_t& error_at);

}  // namespace corosim
