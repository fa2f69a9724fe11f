// The generator of a generator expression (ObjKind::kGenerator): the
// iteration protocol over a heap frame that yields. `sum(x*x for x in xs)`
// resumes the frame from native code (iter_next), so each next() is a short
// nested run of the dispatch loop.
#pragma once

#include <memory>
#include <string>

#include "sim/runtime/object.h"

namespace corosim {

class Frame;

/// Mirrors CPython's PyGenObject (Objects/genobject.c), without send/throw
/// (generator expressions cannot receive values). Invariant: frame_ is non-null
/// until the generator is exhausted.
class PyGenObject final : public Object {
 public:
  PyGenObject(std::unique_ptr<Frame> frame, std::string name, std::string qualname);
  ~PyGenObject() override;
  void clear_refs() override;

  /// next(gen): true and the value when it yielded; false when exhausted.
  /// Exceptions of the generator body propagate as PyException; a generator
  /// that is already running raises ValueError "generator already executing".
  bool next(Value& out);

  const std::string& name() const { return name_; }
  const std::string& qualname() const { return qualname_; }
  bool finished() const { return frame_ == nullptr; }

 private:
  std::unique_ptr<Frame> frame_;
  std::string name_;
  std::string qualname_;
  bool running_ = false;
};

/// The runtime's hook for iter_next on a kGenerator (see sim/runtime/call.h).
bool generator_next(Object* gen, Value& out);

}  // namespace corosim
