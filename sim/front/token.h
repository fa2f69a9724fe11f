// Token: one lexical unit of Python source, as produced by the Lexer.
#pragma once

#include <cstdint>
#include <string_view>

namespace corosim {

/// Token kinds. Operators are named as in CPython's Grammar/Tokens; keywords
/// as the keyword itself (TokenKind::Def for `def`).
enum class TokenKind : std::uint8_t {
  // structure
  Newline, Indent, Dedent, EndOfFile, Error,
  // literals and names
  Name, Int, Float, String,
  // brackets and punctuation
  LParen, RParen, LSqb, RSqb, LBrace, RBrace,
  Colon, Comma, Semi, Dot, Ellipsis, At, Rarrow, ColonEqual, Equal,
  // operators
  Plus, Minus, Star, Slash, DoubleSlash, Percent, DoubleStar,
  VBar, Amper, Circumflex, Tilde, LeftShift, RightShift,
  Less, Greater, EqEqual, NotEqual, LessEqual, GreaterEqual,
  // augmented assignment
  PlusEqual, MinEqual, StarEqual, SlashEqual, DoubleSlashEqual, PercentEqual,
  DoubleStarEqual, AtEqual, VBarEqual, AmperEqual, CircumflexEqual,
  LeftShiftEqual, RightShiftEqual,
  // keywords
  False, None, True, And, As, Assert, Async, Await, Break, Class, Continue,
  Def, Del, Elif, Else, Except, Finally, For, From, Global, If, Import, In,
  Is, Lambda, Nonlocal, Not, Or, Pass, Raise, Return, Try, While, With, Yield,
};

/// A token. `text` points into the SourceFile's bytes (the whole literal for
/// String, prefix and quotes included; empty for Indent/Dedent/EndOfFile).
/// Positions are 1-based; end_col is just past the last character.
struct Token {
  TokenKind kind = TokenKind::EndOfFile;
  std::string_view text;
  std::uint32_t offset = 0;  ///< byte offset of text in the source
  int line = 1;
  int col = 1;
  int end_line = 1;
  int end_col = 1;
};

/// The spelling used in messages: "'('", "'def'", "NEWLINE".
std::string_view token_kind_name(TokenKind kind);

}  // namespace corosim
