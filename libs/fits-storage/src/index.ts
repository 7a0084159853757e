export * from "./stored-header";
