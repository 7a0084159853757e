// Jest transform: TypeScript to CommonJS through esbuild (already used for bundling),
// with inline source maps so stack traces point at the .ts lines.
import { transformSync } from "esbuild";

export default {
  process(sourceText, sourcePath) {
    const { code, map } = transformSync(sourceText, {
      loader: sourcePath.endsWith(".ts") ? "ts" : "js",
      format: "cjs",
      target: "node20",
      sourcemap: "external",
      sourcefile: sourcePath,
    });
    return { code, map };
  },
};
