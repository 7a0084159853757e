export * from "./errors";
export * from "./config";
export * from "./logging";
export * from "./firebase-app";
export * from "./firestore";
export * from "./pubsub";
export * from "./storage";
export * from "./dead-letter";
