export * from "./image-spec";
export * from "./panoptes-fits";
