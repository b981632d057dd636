// fake-indexeddb installs indexedDB, IDBKeyRange and friends on globalThis for the unit tests.
import "fake-indexeddb/auto";
