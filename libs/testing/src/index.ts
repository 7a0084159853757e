export * from "./emulators";
export * from "./faults";
