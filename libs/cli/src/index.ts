export { main, commands, runCaptured } from "./main";
export type { Command, Io } from "./io";
