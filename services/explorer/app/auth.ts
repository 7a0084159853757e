import { type Answer, getJson } from "./api";

/**
 * Firebase Auth for the two authenticated functions (lookup-field, get-fits-header). The SDK is loaded on first
 * use only (it is most of the app's weight), the visitor is signed in anonymously, and against the Auth
 * emulator when the read API says one runs (local development).
 */

interface FirebaseInit {
  apiKey?: string;
  projectId?: string;
  authDomain?: string;
  appId?: string;
}

let tokenSource: Promise<() => Promise<string>> | null = null;

async function signIn(): Promise<() => Promise<string>> {
  const [{ initializeApp }, authSdk] = await Promise.all([import("firebase/app"), import("firebase/auth")]);
  const client = await getJson<Answer<"/client-config">>("/api/client-config");
  // Firebase Hosting (and its emulator) serve the web app's Firebase settings at this reserved URL.
  let init: FirebaseInit = {};
  try {
    const res = await fetch("/__/firebase/init.json");
    if (res.ok) init = (await res.json()) as FirebaseInit;
  } catch {
    init = {};
  }
  const app = initializeApp(
    {
      apiKey: init.apiKey || "demo-api-key",
      projectId: init.projectId || client.project_id,
      authDomain: init.authDomain,
      appId: init.appId,
    },
    "explorer",
  );
  const auth = authSdk.getAuth(app);
  if (client.auth_emulator_host) {
    authSdk.connectAuthEmulator(auth, `http://${client.auth_emulator_host}`, { disableWarnings: true });
  }
  const cred = await authSdk.signInAnonymously(auth);
  return () => cred.user.getIdToken();
}

/** A Firebase ID token of the (anonymous) visitor, signing in on first call. */
export async function idToken(): Promise<string> {
  tokenSource ??= signIn().catch((err: unknown) => {
    tokenSource = null;
    throw new Error(`sign-in failed: ${(err as Error).message}`);
  });
  return (await tokenSource)();
}
