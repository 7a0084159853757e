export { main, commands } from "./main";
export type { Command, Io } from "./io";
