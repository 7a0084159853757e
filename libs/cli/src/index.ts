export { main, commands, runCaptured } from "./main";
export { progressBar } from "./io";
export type { Command, Io } from "./io";
