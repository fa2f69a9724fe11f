#include "sim/front/lexer.h"

#include <array>
#include <cstdio>
#include <cstring>

#include "sim/util/utf8.h"

namespace corosim {

namespace {

struct Spelling {
  std::string_view text;
  TokenKind kind;
};

// Operators and punctuation, longest first so the first prefix match is the token.
constexpr std::array kOperators = {
    Spelling{"**=", TokenKind::DoubleStarEqual}, Spelling{"//=", TokenKind::DoubleSlashEqual},
    Spelling{">>=", TokenKind::RightShiftEqual}, Spelling{"<<=", TokenKind::LeftShiftEqual},
    Spelling{"...", TokenKind::Ellipsis},
    Spelling{"!=", TokenKind::NotEqual},   Spelling{"%=", TokenKind::PercentEqual},
    Spelling{"&=", TokenKind::AmperEqual}, Spelling{"**", TokenKind::DoubleStar},
    Spelling{"*=", TokenKind::StarEqual},  Spelling{"+=", TokenKind::PlusEqual},
    Spelling{"-=", TokenKind::MinEqual},   Spelling{"->", TokenKind::Rarrow},
    Spelling{"//", TokenKind::DoubleSlash}, Spelling{"/=", TokenKind::SlashEqual},
    Spelling{":=", TokenKind::ColonEqual}, Spelling{"<<", TokenKind::LeftShift},
    Spelling{"<=", TokenKind::LessEqual},  Spelling{"==", TokenKind::EqEqual},
    Spelling{">=", TokenKind::GreaterEqual}, Spelling{">>", TokenKind::RightShift},
    Spelling{"@=", TokenKind::AtEqual},    Spelling{"^=", TokenKind::CircumflexEqual},
    Spelling{"|=", TokenKind::VBarEqual},
    Spelling{"%", TokenKind::Percent},     Spelling{"&", TokenKind::Amper},
    Spelling{"*", TokenKind::Star},        Spelling{"+", TokenKind::Plus},
    Spelling{",", TokenKind::Comma},       Spelling{"-", TokenKind::Minus},
    Spelling{".", TokenKind::Dot},         Spelling{"/", TokenKind::Slash},
    Spelling{":", TokenKind::Colon},       Spelling{";", TokenKind::Semi},
    Spelling{"<", TokenKind::Less},        Spelling{"=", TokenKind::Equal},
    Spelling{">", TokenKind::Greater},     Spelling{"@", TokenKind::At},
    Spelling{"^", TokenKind::Circumflex},  Spelling{"|", TokenKind::VBar},
    Spelling{"~", TokenKind::Tilde},
    Spelling{"(", TokenKind::LParen},      Spelling{")", TokenKind::RParen},
    Spelling{"[", TokenKind::LSqb},        Spelling{"]", TokenKind::RSqb},
    Spelling{"{", TokenKind::LBrace},      Spelling{"}", TokenKind::RBrace},
};

constexpr std::array kKeywords = {
    Spelling{"False", TokenKind::False},   Spelling{"None", TokenKind::None},
    Spelling{"True", TokenKind::True},     Spelling{"and", TokenKind::And},
    Spelling{"as", TokenKind::As},         Spelling{"assert", TokenKind::Assert},
    Spelling{"async", TokenKind::Async},   Spelling{"await", TokenKind::Await},
    Spelling{"break", TokenKind::Break},   Spelling{"class", TokenKind::Class},
    Spelling{"continue", TokenKind::Continue}, Spelling{"def", TokenKind::Def},
    Spelling{"del", TokenKind::Del},       Spelling{"elif", TokenKind::Elif},
    Spelling{"else", TokenKind::Else},     Spelling{"except", TokenKind::Except},
    Spelling{"finally", TokenKind::Finally}, Spelling{"for", TokenKind::For},
    Spelling{"from", TokenKind::From},     Spelling{"global", TokenKind::Global},
    Spelling{"if", TokenKind::If},         Spelling{"import", TokenKind::Import},
    Spelling{"in", TokenKind::In},         Spelling{"is", TokenKind::Is},
    Spelling{"lambda", TokenKind::Lambda}, Spelling{"nonlocal", TokenKind::Nonlocal},
    Spelling{"not", TokenKind::Not},       Spelling{"or", TokenKind::Or},
    Spelling{"pass", TokenKind::Pass},     Spelling{"raise", TokenKind::Raise},
    Spelling{"return", TokenKind::Return}, Spelling{"try", TokenKind::Try},
    Spelling{"while", TokenKind::While},   Spelling{"with", TokenKind::With},
    Spelling{"yield", TokenKind::Yield},
};

// Names of the structural and literal kinds, for token_kind_name.
constexpr std::array kStructureNames = {
    Spelling{"NEWLINE", TokenKind::Newline}, Spelling{"INDENT", TokenKind::Indent},
    Spelling{"DEDENT", TokenKind::Dedent},   Spelling{"ENDMARKER", TokenKind::EndOfFile},
    Spelling{"ERRORTOKEN", TokenKind::Error}, Spelling{"NAME", TokenKind::Name},
    Spelling{"INT", TokenKind::Int},         Spelling{"FLOAT", TokenKind::Float},
    Spelling{"STRING", TokenKind::String},
};

// Non-ASCII code points that cannot be part of a name (a coarse stand-in for
// Unicode's XID classes): Latin-1 punctuation, general punctuation, currency,
// arrows/math/box drawing/symbols, CJK punctuation, fullwidth ASCII punctuation,
// emoji, and specials.
struct CodeRange {
  char32_t first, last;
};
constexpr std::array kNonNameRanges = {
    CodeRange{0x80, 0xBF},       CodeRange{0xD7, 0xD7},       CodeRange{0xF7, 0xF7},
    CodeRange{0x2000, 0x206F},   CodeRange{0x20A0, 0x20CF},   CodeRange{0x2190, 0x2BFF},
    CodeRange{0x3000, 0x303F},   CodeRange{0xFE00, 0xFE0F},   CodeRange{0xFF01, 0xFF0F},
    CodeRange{0xFEFF, 0xFEFF},   CodeRange{0xFFF0, 0xFFFF},   CodeRange{0x1F000, 0x1FAFF},
};

// The invisible ones among them (controls, spaces, format characters; not
// str.isprintable()), which CPython reports as "invalid non-printable
// character": a no-break space or zero-width space pasted from a web page,
// a byte order mark that is not at the start of the file.
constexpr std::array kNonPrintableRanges = {
    CodeRange{0x80, 0xA0},     CodeRange{0xAD, 0xAD},     CodeRange{0x2000, 0x200F}, CodeRange{0x2028, 0x202F},
    CodeRange{0x205F, 0x206F}, CodeRange{0x3000, 0x3000}, CodeRange{0xFEFF, 0xFEFF}, CodeRange{0xFFF0, 0xFFFB},
};

bool is_ascii_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_decimal(char c) { return c >= '0' && c <= '9'; }
bool is_hex(char c) { return is_decimal(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_binary(char c) { return c == '0' || c == '1'; }
bool is_newline(char c) { return c == '\n' || c == '\r'; }

bool is_name_code_point(char32_t cp) {
  if (cp < 0x80) return false;
  for (const CodeRange& r : kNonNameRanges) {
    if (cp >= r.first && cp <= r.last) return false;
  }
  return true;
}

// String prefixes Python accepts (case-insensitive): u, r, b, f and the raw pairs.
bool is_string_prefix(std::string_view name) {
  if (name.size() > 2) return false;
  std::string lower;
  for (char c : name) lower += static_cast<char>(c | 0x20);
  for (std::string_view p : {"r", "u", "b", "f", "br", "rb", "fr", "rf"}) {
    if (lower == p) return true;
  }
  return false;
}

int hex_value(char c) {
  if (is_decimal(c)) return c - '0';
  return (c | 0x20) - 'a' + 10;
}

// The one-character escapes: \n, \t, ... (\x, \u, \U, octal are handled apart).
char simple_escape(char c) {
  switch (c) {
    case '\\': return '\\';
    case '\'': return '\'';
    case '"': return '"';
    case 'a': return '\a';
    case 'b': return '\b';
    case 'f': return '\f';
    case 'n': return '\n';
    case 'r': return '\r';
    case 't': return '\t';
    case 'v': return '\v';
    default: return 0;
  }
}

}  // namespace

std::string_view token_kind_name(TokenKind kind) {
  for (const Spelling& s : kStructureNames) if (s.kind == kind) return s.text;
  for (const Spelling& s : kOperators) if (s.kind == kind) return s.text;
  for (const Spelling& s : kKeywords) if (s.kind == kind) return s.text;
  return "?";
}

Lexer::Lexer(const SourceFile& source)
    : source_(source), bytes_(source.bytes()), pos_(source.text_begin()), end_(source.bytes().size()),
      at_line_start_(true), fstring_mode_(false) {
  indents_.push_back(Indent{0, 0});
  cache_offset_ = pos_;  // column 1 is after the byte order mark, if any
}

Lexer::Lexer(const SourceFile& source, std::size_t begin, std::size_t end)
    : source_(source), bytes_(source.bytes()), pos_(begin), end_(end),
      at_line_start_(false), fstring_mode_(true) {
  indents_.push_back(Indent{0, 0});
  cache_offset_ = begin;
  cache_pos_ = source.position(begin);
}

char Lexer::peek(std::size_t ahead) const {
  return pos_ + ahead < end_ ? bytes_[pos_ + ahead] : '\0';
}

SourcePosition Lexer::position(std::size_t offset) {
  if (offset < cache_offset_) return source_.position(offset);  // rare: errors pointing back
  for (std::size_t i = cache_offset_; i < offset; ++i) {
    char c = bytes_[i];
    bool crlf = c == '\r' && i + 1 < bytes_.size() && bytes_[i + 1] == '\n';
    if (c == '\n' || (c == '\r' && !crlf)) {
      ++cache_pos_.line;
      cache_pos_.col = 1;
    } else if ((static_cast<unsigned char>(c) & 0xC0) != 0x80 && !crlf) {
      ++cache_pos_.col;
    }
  }
  cache_offset_ = offset;
  return cache_pos_;
}

Token Lexer::make(TokenKind kind, std::size_t start) {
  Token t;
  t.kind = kind;
  t.text = bytes_.substr(start, pos_ - start);
  t.offset = static_cast<std::uint32_t>(start);
  SourcePosition begin = position(start);
  SourcePosition end = position(pos_);
  t.line = begin.line;
  t.col = begin.col;
  t.end_line = end.line;
  t.end_col = end.col;
  if (kind == TokenKind::Newline) {
    need_newline_ = false;
  } else if (kind != TokenKind::Indent && kind != TokenKind::Dedent && kind != TokenKind::EndOfFile) {
    need_newline_ = true;
  }
  return t;
}

Token Lexer::fail(std::size_t offset, std::string kind, std::string message) {
  error_ = source_.error_at(position(offset), std::move(kind), std::move(message));
  pos_ = end_;
  Token t;
  t.kind = TokenKind::Error;
  t.offset = static_cast<std::uint32_t>(offset);
  t.line = t.end_line = error_->line;
  t.col = t.end_col = error_->col;
  return t;
}

Token Lexer::next() {
  if (error_) return Token{TokenKind::Error, {}, static_cast<std::uint32_t>(pos_), error_->line, error_->col, error_->line, error_->col};
  if (pending_dedents_ > 0) {
    --pending_dedents_;
    return make(TokenKind::Dedent, pos_);
  }
  if (at_line_start_) {
    if (std::optional<Token> t = line_start()) return *t;
  }
  return scan_token();
}

// Measures the indentation of a new logical line, skipping blank and
// comment-only lines; returns INDENT, the first DEDENT, an error, the end of
// input, or nothing when the indentation is unchanged.
std::optional<Token> Lexer::line_start() {
  for (;;) {
    Indent indent{0, 0};
    for (; !at_end(); ++pos_) {
      char c = bytes_[pos_];
      if (c == ' ') {
        ++indent.col, ++indent.altcol;
      } else if (c == '\t') {
        indent.col = (indent.col / 8 + 1) * 8, ++indent.altcol;
      } else if (c == '\f') {
        indent.col = indent.altcol = 0;
      } else {
        break;
      }
    }
    if (at_end()) return end_of_input();
    char c = bytes_[pos_];
    if (c == '#') {
      while (!at_end() && !is_newline(bytes_[pos_])) ++pos_;
    }
    if (!at_end() && is_newline(bytes_[pos_])) {  // blank line: no tokens at all
      pos_ += (bytes_[pos_] == '\r' && peek(1) == '\n') ? 2 : 1;
      continue;
    }
    if (at_end()) return end_of_input();
    at_line_start_ = false;
    const Indent& top = indents_.back();
    if (indent.col == top.col && indent.altcol == top.altcol) return std::nullopt;
    return indent_change(indent);
  }
}

Token Lexer::indent_change(const Indent& indent) {
  const Indent& top = indents_.back();
  if (indent.col > top.col) {
    if (indent.altcol <= top.altcol) return fail(pos_, "TabError", "inconsistent use of tabs and spaces in indentation");
    if (static_cast<int>(indents_.size()) > kMaxIndentDepth) {
      return fail(pos_, "IndentationError", "too many levels of indentation");
    }
    indents_.push_back(indent);
    return make(TokenKind::Indent, pos_);
  }
  if (indent.col == top.col) return fail(pos_, "TabError", "inconsistent use of tabs and spaces in indentation");
  int dedents = 0;
  while (indent.col < indents_.back().col) {
    indents_.pop_back();
    ++dedents;
  }
  if (indent.col != indents_.back().col) {
    return fail(pos_, "IndentationError", "unindent does not match any outer indentation level");
  }
  if (indent.altcol != indents_.back().altcol) {
    return fail(pos_, "TabError", "inconsistent use of tabs and spaces in indentation");
  }
  pending_dedents_ = dedents - 1;
  return make(TokenKind::Dedent, pos_);
}

// At the end: close an open bracket (error), end the last line, dedent to 0.
Token Lexer::end_of_input() {
  pos_ = end_;
  if (!brackets_.empty()) {
    const Bracket& b = brackets_.back();
    return fail(b.offset, "SyntaxError", std::string("'") + b.open + "' was never closed");
  }
  if (need_newline_ && !fstring_mode_) return make(TokenKind::Newline, pos_);
  if (indents_.size() > 1) {
    indents_.pop_back();
    return make(TokenKind::Dedent, pos_);
  }
  return make(TokenKind::EndOfFile, pos_);
}

// Skips spaces, comments, and line breaks that do not end a logical line
// (inside brackets, after a backslash). Returns false after reporting an error.
bool Lexer::skip_blanks() {
  while (!at_end()) {
    char c = bytes_[pos_];
    if (c == ' ' || c == '\t' || c == '\f') {
      ++pos_;
    } else if (c == '#') {
      while (!at_end() && !is_newline(bytes_[pos_])) ++pos_;
    } else if (c == '\\') {
      if (pos_ + 1 >= end_) {
        fail(pos_ + 1, "SyntaxError", "unexpected EOF while parsing");
        return false;
      }
      if (!is_newline(bytes_[pos_ + 1])) {
        fail(pos_ + 1, "SyntaxError", "unexpected character after line continuation character");
        return false;
      }
      pos_ += (bytes_[pos_ + 1] == '\r' && peek(2) == '\n') ? 3 : 2;
    } else if (is_newline(c) && (fstring_mode_ || !brackets_.empty())) {
      ++pos_;
    } else {
      return true;
    }
  }
  return true;
}

Token Lexer::scan_token() {
  if (!skip_blanks()) return Token{TokenKind::Error, {}, static_cast<std::uint32_t>(pos_), error_->line, error_->col, error_->line, error_->col};
  if (at_end()) return end_of_input();
  std::size_t start = pos_;
  char c = bytes_[pos_];
  if (is_newline(c)) {
    pos_ += (c == '\r' && peek(1) == '\n') ? 2 : 1;
    at_line_start_ = true;
    return make(TokenKind::Newline, start);
  }
  if (is_decimal(c) || (c == '.' && is_decimal(peek(1)))) return number(start);
  if (c == '\'' || c == '"') return string(start, start);
  if (is_ascii_name_start(c) || static_cast<unsigned char>(c) >= 0x80) return name_or_string(start);
  return punctuation(start);
}

// NAME, keyword, or a prefixed string such as r'...' and f"...".
Token Lexer::name_or_string(std::size_t start) {
  while (!at_end()) {
    char c = bytes_[pos_];
    if (is_ascii_name_start(c) || is_decimal(c)) {
      ++pos_;
      continue;
    }
    if (static_cast<unsigned char>(c) < 0x80) break;
    std::size_t next = pos_;
    char32_t cp = decode_utf8(bytes_, next);  // the source is valid UTF-8
    if (!is_name_code_point(cp)) break;
    pos_ = next;
  }
  if (pos_ == start) return invalid_character(start);
  std::string_view name = bytes_.substr(start, pos_ - start);
  if ((peek() == '\'' || peek() == '"') && is_string_prefix(name)) return string(start, pos_);
  for (const Spelling& k : kKeywords) {
    if (k.text == name) return make(k.kind, start);
  }
  return make(TokenKind::Name, start);
}

Token Lexer::invalid_character(std::size_t start) {
  std::size_t next = start;
  char32_t cp = decode_utf8(bytes_, next);
  if (cp == 0) return fail(start, "SyntaxError", "source code cannot contain null bytes");
  if (cp < 0x80) return fail(start, "SyntaxError", "invalid syntax");
  char hex[16];
  std::snprintf(hex, sizeof hex, "%04X", static_cast<unsigned>(cp));
  for (const CodeRange& r : kNonPrintableRanges) {
    if (cp >= r.first && cp <= r.last) {
      return fail(start, "SyntaxError", std::string("invalid non-printable character U+") + hex);
    }
  }
  return fail(start, "SyntaxError",
              "invalid character '" + std::string(bytes_.substr(start, next - start)) + "' (U+" + hex + ")");
}

// Skips digits of one kind with single '_' separators between them; false if
// an underscore is not followed by a digit (pos_ then points at it).
bool Lexer::skip_digits(bool (*is_digit)(char)) {
  while (!at_end()) {
    if (is_digit(bytes_[pos_])) {
      ++pos_;
    } else if (bytes_[pos_] == '_' && is_digit(peek(1))) {
      ++pos_;
    } else if (bytes_[pos_] == '_') {
      return false;
    } else {
      break;
    }
  }
  return true;
}

Token Lexer::number(std::size_t start) {
  if (bytes_[start] == '0' && std::strchr("xXoObB", peek(1)) && peek(1) != '\0') return prefixed_number(start);
  bool is_float = false;
  if (!skip_digits(is_decimal)) return fail(pos_, "SyntaxError", "invalid decimal literal");
  if (peek() == '.') {
    ++pos_;
    is_float = true;
    if (is_decimal(peek()) && !skip_digits(is_decimal)) return fail(pos_, "SyntaxError", "invalid decimal literal");
  }
  if (peek() == 'e' || peek() == 'E') {
    std::size_t sign = (peek(1) == '+' || peek(1) == '-') ? 1 : 0;
    if (!is_decimal(peek(1 + sign))) return fail(start, "SyntaxError", "invalid decimal literal");
    pos_ += 1 + sign;
    is_float = true;
    if (!skip_digits(is_decimal)) return fail(pos_, "SyntaxError", "invalid decimal literal");
  }
  if (peek() == 'j' || peek() == 'J') {
    return fail(start, "unsupported", "complex numbers ('1j') are not supported yet");
  }
  if (!at_end() && (is_ascii_name_start(peek()) || is_decimal(peek()) || static_cast<unsigned char>(peek()) >= 0x80)) {
    return fail(start, "SyntaxError", "invalid decimal literal");
  }
  if (!is_float && bytes_[start] == '0') {
    for (std::size_t i = start; i < pos_; ++i) {
      if (bytes_[i] != '0' && bytes_[i] != '_') {
        return fail(start, "SyntaxError",
                    "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
      }
    }
  }
  return make(is_float ? TokenKind::Float : TokenKind::Int, start);
}

// 0x.., 0o.., 0b..: '_' may follow the prefix; a digit of a larger base is named.
Token Lexer::prefixed_number(std::size_t start) {
  char base = static_cast<char>(bytes_[start + 1] | 0x20);
  bool (*is_digit)(char) = base == 'x' ? is_hex : base == 'o' ? is_octal : is_binary;
  std::string name = base == 'x' ? "hexadecimal" : base == 'o' ? "octal" : "binary";
  pos_ += 2;
  if (peek() == '_') ++pos_;
  if (!is_digit(peek())) {
    if (is_decimal(peek())) return fail(pos_, "SyntaxError", std::string("invalid digit '") + peek() + "' in " + name + " literal");
    return fail(pos_, "SyntaxError", "invalid " + name + " literal");
  }
  if (!skip_digits(is_digit)) return fail(pos_, "SyntaxError", "invalid " + name + " literal");
  if (is_decimal(peek())) return fail(pos_, "SyntaxError", std::string("invalid digit '") + peek() + "' in " + name + " literal");
  if (!at_end() && (is_ascii_name_start(peek()) || static_cast<unsigned char>(peek()) >= 0x80)) {
    return fail(pos_, "SyntaxError", "invalid " + name + " literal");
  }
  return make(TokenKind::Int, start);
}

// A string literal from its prefix at `start`; the quote is at `quote_at`.
// Only finds the end: escapes are decoded by decode_escapes, f-string fields by the parser.
Token Lexer::string(std::size_t start, std::size_t quote_at) {
  char quote = bytes_[quote_at];
  pos_ = quote_at;
  bool triple = peek(1) == quote && peek(2) == quote;
  pos_ += triple ? 3 : 1;
  for (;;) {
    if (at_end() || (!triple && is_newline(bytes_[pos_]))) {
      int detected = source_.position(pos_ > 0 ? pos_ - 1 : 0).line;
      if (!triple) detected = position(start).line;
      return fail(start, "SyntaxError",
                  std::string(triple ? "unterminated triple-quoted string literal" : "unterminated string literal") +
                      " (detected at line " + std::to_string(detected) + ")");
    }
    char c = bytes_[pos_];
    if (c == '\\') {
      pos_ += (peek(1) == '\r' && peek(2) == '\n') ? 3 : 2;
      if (pos_ > end_) pos_ = end_;
    } else if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
      pos_ += triple ? 3 : 1;
      return make(TokenKind::String, start);
    } else {
      ++pos_;
    }
  }
}

Token Lexer::punctuation(std::size_t start) {
  std::string_view rest = bytes_.substr(pos_, end_ - pos_);
  for (const Spelling& op : kOperators) {
    if (rest.substr(0, op.text.size()) != op.text) continue;
    pos_ += op.text.size();
    switch (op.kind) {
      case TokenKind::LParen: case TokenKind::LSqb: case TokenKind::LBrace:
        return open_bracket(start, op.kind);
      case TokenKind::RParen: case TokenKind::RSqb: case TokenKind::RBrace:
        return close_bracket(start, op.kind);
      default:
        return make(op.kind, start);
    }
  }
  return invalid_character(start);
}

Token Lexer::open_bracket(std::size_t start, TokenKind kind) {
  if (static_cast<int>(brackets_.size()) >= kMaxParenDepth) {
    return fail(start, "SyntaxError", "too many nested parentheses");
  }
  brackets_.push_back(Bracket{bytes_[start], start});
  return make(kind, start);
}

Token Lexer::close_bracket(std::size_t start, TokenKind kind) {
  char close = bytes_[start];
  if (brackets_.empty()) return fail(start, "SyntaxError", std::string("unmatched '") + close + "'");
  Bracket open = brackets_.back();
  char expected = open.open == '(' ? ')' : open.open == '[' ? ']' : '}';
  if (close != expected) {
    std::string message = std::string("closing parenthesis '") + close + "' does not match opening parenthesis '" + open.open + "'";
    int open_line = position(open.offset).line;
    if (open_line != position(start).line) message += " on line " + std::to_string(open_line);
    return fail(start, "SyntaxError", message);
  }
  brackets_.pop_back();
  return make(kind, start);
}

StringLiteral split_string_token(const Token& token) {
  StringLiteral s;
  std::string_view text = token.text;
  std::size_t i = 0;
  for (; i < text.size() && text[i] != '\'' && text[i] != '"'; ++i) {
    char c = static_cast<char>(text[i] | 0x20);
    s.raw |= c == 'r';
    s.fstring |= c == 'f';
    s.bytes |= c == 'b';
  }
  std::size_t quotes = (text.size() - i >= 6 && text[i + 1] == text[i] && text[i + 2] == text[i]) ? 3 : 1;
  s.body = text.substr(i + quotes, text.size() - i - 2 * quotes);
  s.body_offset = token.offset + i + quotes;
  return s;
}

bool decode_escapes(std::string_view body, std::string& out, std::string& message, std::size_t& error_at) {
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\' || i + 1 >= body.size()) {
      out += c;
      continue;
    }
    char e = body[i + 1];
    if (char simple = simple_escape(e)) {
      out += simple;
      ++i;
    } else if (e == '\n' || e == '\r') {  // backslash-newline: both vanish
      i += (e == '\r' && i + 2 < body.size() && body[i + 2] == '\n') ? 2 : 1;
    } else if (is_octal(e)) {
      char32_t value = 0;
      std::size_t k = i + 1;
      for (; k < body.size() && k < i + 4 && is_octal(body[k]); ++k) value = value * 8 + static_cast<char32_t>(body[k] - '0');
      append_utf8(out, value);
      i = k - 1;
    } else if (e == 'x' || e == 'u' || e == 'U') {
      std::size_t digits = e == 'x' ? 2 : e == 'u' ? 4 : 8;
      std::size_t k = i + 2;
      char32_t value = 0;
      for (; k < body.size() && k < i + 2 + digits && is_hex(body[k]); ++k) value = value * 16 + static_cast<char32_t>(hex_value(body[k]));
      std::string what = e == 'x' ? "\\xXX" : e == 'u' ? "\\uXXXX" : "\\UXXXXXXXX";
      if (k != i + 2 + digits) {
        error_at = i;
        message = "(unicode error) 'unicodeescape' codec can't decode bytes in position " + std::to_string(i) + "-" +
                  std::to_string(k - 1) + ": truncated " + what + " escape";
        return false;
      }
      if (value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
        error_at = i;
        message = value > 0x10FFFF ? "(unicode error) 'unicodeescape' codec can't decode bytes in position " +
                                         std::to_string(i) + "-" + std::to_string(k - 1) + ": illegal Unicode character"
                                   : "surrogate code points in string escapes are not supported yet";
        return false;
      }
      append_utf8(out, value);
      i = k - 1;
    } else if (e == 'N') {
      error_at = i;
      message = "'\\N{...}' escapes are not supported yet";
      return false;
    } else {  // unknown escape: kept as written, as Python does
      out += c;
    }
  }
  return true;
}

}  // namespace corosim
