export * from "./browser";
export * from "./emulators";
export * from "./faults";
export * from "./record-image-instance";
export * from "./shared";
export * from "./reference-tools";
export * from "./panoptes-fixtures";
export * from "./emulator-clients";
