/**
 * A value built on first use and kept for the life of the instance: services build their clients on the first
 * request or message, not at import (imports must stay cheap for deploy analysis and cold starts).
 */
export function lazy<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}
