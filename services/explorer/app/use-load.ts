import { ref, type Ref } from "vue";

/** The state of one load: loading, its data, or its error message. */
export interface Load<T> {
  loading: Ref<boolean>;
  data: Ref<T | null>;
  error: Ref<string | null>;
  run: () => Promise<void>;
}

/** Wraps an async loader in reactive loading/data/error state; a newer run wins over an older one. */
export function useLoad<T>(loader: () => Promise<T>): Load<T> {
  const loading = ref(false);
  const data = ref(null) as Ref<T | null>;
  const error = ref<string | null>(null);
  let generation = 0;
  const run = async () => {
    const mine = ++generation;
    loading.value = true;
    error.value = null;
    try {
      const v = await loader();
      if (mine === generation) data.value = v;
    } catch (err) {
      if (mine === generation) {
        data.value = null;
        error.value = (err as Error).message;
      }
    } finally {
      if (mine === generation) loading.value = false;
    }
  };
  return { loading, data, error, run };
}
