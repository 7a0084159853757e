import { type App, getApps, initializeApp } from "firebase-admin/app";

/**
 * Returns the firebase-admin app for a project, creating it on first use. Called from a service's binding
 * (never at import time). Credentials come from the runtime (ADC); with `*_EMULATOR_HOST` set, the SDKs talk to
 * the emulators instead.
 */
export function firebaseApp(projectId: string, name = `panoptes-${projectId}`): App {
  return getApps().find((a) => a.name === name) ?? initializeApp({ projectId }, name);
}
