export * from "./migration-plan";
export * from "./migrate";
export * from "./observation-export";
