export * from "./coded-error";
