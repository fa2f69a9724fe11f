#include "sim/runtime/builtin_types.h"

namespace corosim {

extern TypeObject* g_type_type;  // type_object.cpp

namespace {

BuiltinTypes make_builtin_types() {
  BuiltinTypes b{};
  b.object = new_builtin_type("object", nullptr);
  b.type = new_builtin_type("type", b.object);
  g_type_type = b.type;
  b.object->set_type(b.type);
  b.type->set_type(b.type);

  auto t = [&](const char* name) { return new_builtin_type(name, b.object); };
  b.none = t("NoneType");
  b.int_ = t("int");
  b.bool_ = new_builtin_type("bool", b.int_);
  b.float_ = t("float");
  b.str = t("str");
  b.list = t("list");
  b.tuple = t("tuple");
  b.dict = t("dict");
  b.set = t("set");
  b.range = t("range");
  b.slice = t("slice");
  b.module = t("module");
  b.function = t("function");
  b.builtin_function = t("builtin_function_or_method");
  b.method = t("method");
  b.code = t("code");
  b.cell = t("cell");
  b.coroutine = t("coroutine");
  b.generator = t("generator");
  b.super_ = t("super");
  b.staticmethod = t("staticmethod");
  b.classmethod = t("classmethod");
  b.property = t("property");
  b.not_implemented_type = t("NotImplementedType");
  b.list_iterator = t("list_iterator");
  b.list_reverseiterator = t("list_reverseiterator");
  b.tuple_iterator = t("tuple_iterator");
  b.str_iterator = t("str_iterator");
  b.str_ascii_iterator = t("str_ascii_iterator");
  b.range_iterator = t("range_iterator");
  b.set_iterator = t("set_iterator");
  b.dict_keyiterator = t("dict_keyiterator");
  b.dict_valueiterator = t("dict_valueiterator");
  b.dict_itemiterator = t("dict_itemiterator");
  b.dict_reversekeyiterator = t("dict_reversekeyiterator");
  b.dict_reversevalueiterator = t("dict_reversevalueiterator");
  b.dict_reverseitemiterator = t("dict_reverseitemiterator");
  b.dict_keys = t("dict_keys");
  b.dict_values = t("dict_values");
  b.dict_items = t("dict_items");
  b.zip = t("zip");
  b.map = t("map");
  b.filter = t("filter");
  b.enumerate = t("enumerate");
  b.reversed = t("reversed");
  b.iterator = t("iterator");
  return b;
}

}  // namespace

const BuiltinTypes& builtin_types() {
  static const BuiltinTypes types = make_builtin_types();
  return types;
}

TypeObject* type_of(const Value& v) {
  const BuiltinTypes& b = builtin_types();
  switch (v.tag()) {
    case Value::Tag::kNull:
      return nullptr;
    case Value::Tag::kNone:
      return b.none;
    case Value::Tag::kBool:
      return b.bool_;
    case Value::Tag::kInt:
      return b.int_;
    case Value::Tag::kFloat:
      return b.float_;
    case Value::Tag::kObject:
      return v.obj()->type();
  }
  return nullptr;
}

}  // namespace corosim
