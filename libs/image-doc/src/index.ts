export * from "./generation";
export * from "./build";
export * from "./write";
