export * from "./ids";
export * from "./paths";
export * from "./status";
export * from "./documents";
export * from "./messages";
export * from "./firestore-values";
export * from "./field-name";
export * from "./legacy-values";
