export * from "./browser";
export * from "./emulators";
export * from "./faults";
export * from "./record-image-instance";
