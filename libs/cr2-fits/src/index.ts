export * from "./errors";
export * from "./fits-image";
export * from "./channel-rows";
export * from "./header";
export * from "./product-paths";
export * from "./convert";
