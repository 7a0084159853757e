export * from "./emulators";
