/**
 * In-memory storage indexed by resource (group/plural), namespace and name, with
 * the global resourceVersion counter and a bounded event log that watches replay
 * from. Objects are stored as JSON with `metadata.managedFields` rendered.
 */
import type { Json } from "./object-fields.ts";

/** A change event, as a watch stream sends it. */
export interface StoreEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  resource: string;
  namespace: string;
  object: Json;
  resourceVersion: number;
}

type Listener = (event: StoreEvent) => void;

const EVENT_LOG_LIMIT = 10_000;

/** Returns the storage key of a resource (version-independent, as in etcd). */
export function storageKey(group: string, plural: string): string {
  return `${group}/${plural}`;
}

/** The object store of one test server. */
export class ObjectStore {
  private readonly data = new Map<string, Map<string, Map<string, Json>>>();
  private readonly events: StoreEvent[] = [];
  private readonly listeners = new Set<Listener>();
  private counter = 1000;

  /** Returns the last allocated resourceVersion. */
  currentVersion(): number {
    return this.counter;
  }

  /** Allocates the next resourceVersion. */
  nextVersion(): number {
    this.counter += 1;
    return this.counter;
  }

  /** Returns the stored object, or undefined. */
  get(resource: string, namespace: string, name: string): Json | undefined {
    return this.data.get(resource)?.get(namespace)?.get(name);
  }

  /** Returns the objects of a resource, in one namespace or (namespace undefined) in all, sorted by namespace then name. */
  list(resource: string, namespace?: string): Json[] {
    const byNamespace = this.data.get(resource);
    if (!byNamespace) return [];
    const spaces = namespace === undefined ? [...byNamespace.keys()].sort() : [namespace];
    const out: Json[] = [];
    for (const ns of spaces) {
      const names = byNamespace.get(ns);
      if (!names) continue;
      for (const name of [...names.keys()].sort()) out.push(names.get(name) as Json);
    }
    return out;
  }

  /** Returns the resources that hold objects in `namespace`. */
  resourcesIn(namespace: string): string[] {
    return [...this.data.entries()].filter(([, m]) => (m.get(namespace)?.size ?? 0) > 0).map(([r]) => r);
  }

  /** Stores an object (its metadata.resourceVersion already set) and emits ADDED or MODIFIED. */
  put(resource: string, namespace: string, name: string, object: Json): void {
    let byNamespace = this.data.get(resource);
    if (!byNamespace) this.data.set(resource, (byNamespace = new Map()));
    let names = byNamespace.get(namespace);
    if (!names) byNamespace.set(namespace, (names = new Map()));
    const type = names.has(name) ? "MODIFIED" : "ADDED";
    names.set(name, object);
    this.emit({ type, resource, namespace, object, resourceVersion: Number((object.metadata as Json).resourceVersion) });
  }

  /** Removes an object and emits DELETED; returns it, or undefined when absent. */
  delete(resource: string, namespace: string, name: string): Json | undefined {
    const names = this.data.get(resource)?.get(namespace);
    const object = names?.get(name);
    if (!names || !object) return undefined;
    names.delete(name);
    const resourceVersion = this.nextVersion();
    const deleted = { ...object, metadata: { ...(object.metadata as Json), resourceVersion: String(resourceVersion) } };
    this.emit({ type: "DELETED", resource, namespace, object: deleted, resourceVersion });
    return deleted;
  }

  /** Returns logged events after `resourceVersion`, or undefined when the log no longer reaches back that far. */
  eventsSince(resourceVersion: number): StoreEvent[] | undefined {
    const first = this.events[0];
    if (first && first.resourceVersion > resourceVersion + 1 && this.events.length >= EVENT_LOG_LIMIT) return undefined;
    return this.events.filter((e) => e.resourceVersion > resourceVersion);
  }

  /** Subscribes to every change; returns the unsubscribe function. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: StoreEvent): void {
    this.events.push(event);
    // Trimmed in batches: dropping one event per write moved the whole log each time
    // (most of a write's cost once the log was full). It holds LIMIT to 1.25 × LIMIT events.
    if (this.events.length > EVENT_LOG_LIMIT * 1.25) this.events.splice(0, this.events.length - EVENT_LOG_LIMIT);
    for (const listener of this.listeners) listener(event);
  }
}
