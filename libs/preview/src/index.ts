export * from "./zscale";
export * from "./bayer";
export * from "./resample";
export * from "./stretch";
export * from "./png";
export * from "./jpeg";
export * from "./preview";
export * from "./fits-preview";
