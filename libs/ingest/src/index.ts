export * from "./header-fields";
export * from "./record";
export * from "./backfill";
export * from "./group-commit";
export * from "./recorder";
export * from "./read-item";
export * from "./legacy-counters";
