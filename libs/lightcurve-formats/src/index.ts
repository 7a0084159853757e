export * from "./csv";
export * from "./lightcurve";
export * from "./stored-points";
export * from "./formats";
