export * from "./angles";
export * from "./sky-cells";
export * from "./coordinates";
export * from "./wcs";
