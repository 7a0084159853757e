// Setup of the jest `unit` project: a unit test never sees an emulator, even when `npm test` has started them,
// so a test that needs one fails here until it is named `*.emulator.test.ts` (see jest.config.js).
for (const name of [
  "FIRESTORE_EMULATOR_HOST",
  "PUBSUB_EMULATOR_HOST",
  "STORAGE_EMULATOR_HOST",
  "FIREBASE_STORAGE_EMULATOR_HOST",
  "FIREBASE_AUTH_EMULATOR_HOST",
  "FUNCTIONS_EMULATOR_HOST",
  "HOSTING_EMULATOR_HOST",
]) {
  delete process.env[name];
}
