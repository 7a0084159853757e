export * from "./image-spec";
export * from "./panoptes-fits";
export * from "./sky-frame";
