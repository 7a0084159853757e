/**
 * Where the CLI's Google clients point. By default the local emulators (the addresses `npm start` uses), so a
 * command can never reach real Google Cloud by accident; `--remote --project ID` targets a real project.
 */
export const LOCAL_EMULATORS: Record<string, string> = {
  FIRESTORE_EMULATOR_HOST: "127.0.0.1:8080",
  PUBSUB_EMULATOR_HOST: "127.0.0.1:8085",
  STORAGE_EMULATOR_HOST: "http://127.0.0.1:9199",
  FIREBASE_STORAGE_EMULATOR_HOST: "127.0.0.1:9199",
  FIREBASE_AUTH_EMULATOR_HOST: "127.0.0.1:9099",
};

export interface Target {
  project: string;
  remote: boolean;
}

/** Resolves the target and sets the emulator variables in `env` for a local target (existing values win). */
export function resolveTarget(
  opts: { remote?: boolean; project?: string },
  env: Record<string, string | undefined>,
): Target {
  if (opts.remote) {
    if (!opts.project) throw new Error("--remote needs --project ID");
    return { project: opts.project, remote: true };
  }
  for (const [k, v] of Object.entries(LOCAL_EMULATORS)) env[k] ??= v;
  const project = opts.project ?? env.GCLOUD_PROJECT ?? "demo-panoptes";
  if (!project.startsWith("demo-"))
    throw new Error(`local runs use demo- projects; got ${project} (add --remote for a real project)`);
  env.GCLOUD_PROJECT = project;
  return { project, remote: false };
}
