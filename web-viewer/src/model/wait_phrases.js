// The words for a wait in each asyncio primitive: one table that the legend,
// the tooltips, the event list and the await-chain panel all read, so they say
// the same thing ("in asyncio.wait", "on lock #1", "to get from queue #2").
//
// API
//   primitiveNoun(kind) -> what an object of the primitive is called in an object label
//     ("lock", "queue" for queue_get/put/join, "TaskGroup"); an unknown kind is its own noun
//   waitPhrase(kind, label) -> "on lock #1", "to put on queue #2 (full)", "in wait_for",
//     "for TaskGroup #4's children", "under timeout #3"; label the object's label
//     ("lock #1", objectLabel in object_waits.js), or null for the legend's general form:
//     "on a lock", "to put on a queue (full)", "in asyncio.wait", "for a TaskGroup's children"

// kind -> [words before the object, the object's noun, the noun with an article
// (the legend's form), words after the object]. A primitive without a receiver
// (wait_for, wait, as_completed) is named by the call itself.
const PHRASES = {
  lock: ['on', 'lock', 'a lock', ''],
  event: ['on', 'event', 'an event', ''],
  condition: ['on', 'condition', 'a condition', ''],
  semaphore: ['on', 'semaphore', 'a semaphore', ''],
  barrier: ['at', 'barrier', 'a barrier', ''],
  queue_get: ['to get from', 'queue', 'a queue', ''],
  queue_put: ['to put on', 'queue', 'a queue', ' (full)'],
  queue_join: ['to join', 'queue', 'a queue', ''],
  wait_for: ['in', 'wait_for', 'wait_for', ''],
  wait: ['in', 'asyncio.wait', 'asyncio.wait', ''],
  as_completed: ['in', 'as_completed', 'as_completed', ''],
  taskgroup: ['for', 'TaskGroup', 'a TaskGroup', "'s children"],
  timeout: ['under', 'timeout', 'a timeout', ''],
  future: ['on', 'future', 'a plain future', ''],
};

function entry(kind) {
  return Object.hasOwn(PHRASES, kind) ? PHRASES[kind] : ['on', kind, kind, ''];
}

export function primitiveNoun(kind) {
  return entry(kind)[1];
}

export function waitPhrase(kind, label) {
  const [before, , general, after] = entry(kind);
  return `${before} ${label ?? general}${after}`;
}
