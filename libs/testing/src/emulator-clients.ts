import { PubSub } from "@google-cloud/pubsub";
import { Storage } from "@google-cloud/storage";
import {
  createLogger,
  createObjectStore,
  createPublisher,
  firebaseApp,
  firestoreFor,
  type MessageDeps,
  type ObjectStore,
} from "@panoptes/platform";
import { TEST_PROJECT_ID } from "./emulators";

/** An object store on the Storage emulator (or on `storage`, e.g. one behind a fault proxy). */
export function emulatorStore(storage: Storage = new Storage({ projectId: TEST_PROJECT_ID })): ObjectStore {
  return createObjectStore(storage);
}

/**
 * What a Pub/Sub service's handler takes (libs/platform MessageDeps) plus an object store, on the emulators:
 * Firestore, a publisher, and a logger named `service` that writes its lines into `lines` instead of stdout.
 * A service's test support adds its own fields (buckets, recorder).
 */
export function emulatorMessageDeps(
  service: string,
  lines: string[] = [],
  storage?: Storage,
): MessageDeps & { store: ObjectStore } {
  return {
    db: firestoreFor(firebaseApp(TEST_PROJECT_ID)),
    publisher: createPublisher(new PubSub({ projectId: TEST_PROJECT_ID })),
    logger: createLogger({ service, write: (l) => lines.push(l) }),
    store: emulatorStore(storage),
  };
}
