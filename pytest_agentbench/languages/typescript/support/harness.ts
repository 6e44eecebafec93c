// Harness for TypeScript solutions (pytest-agentbench), compiled once per TypeScript version and
// run as `node harness.js` in the (read-only) work directory. It reads job.json, loads the
// compiled solution (solution.js), calls the entry point (or the constructor and methods) with
// JSON arguments decoded into the parameter types of the signature (arrays, tuples, Map, Set,
// Record, bigint, TreeNode, ListNode...), awaits Promises, and writes one JSON line per outcome
// event to the outcome channel (channel.ts), synchronously, so a kill loses nothing that
// finished.
//
// The cases run in a worker thread with a large stack (deep recursion works as in other
// languages); the main thread only watches it, and reports a case that killed the worker. The
// main thread takes the channel (reads the token) before the worker exists; the worker takes
// the channel's ends out of its workerData before it loads the solution.

import * as fs from "node:fs";
import * as path from "node:path";
import { Worker, isMainThread, workerData } from "node:worker_threads";
import { type ChannelEnds, openChannel, writer } from "./channel";
import { ListNode, TreeNode } from "./prelude";

const STACK_MB = 256;
const HEAP_MB = 1536;
const MAX_ITEMS = 1_000_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
/** What goes back: JSON, plus bigint (written as a plain JSON number). */
type Out = null | boolean | number | bigint | string | Out[] | { [key: string]: Out };

interface ParamJob {
  name: string;
  type: string;
}

interface MethodJob {
  params: ParamJob[];
  returns: string;
}

interface CallJob {
  method: string;
  args?: Json[];
  kwargs?: Record<string, Json>;
  raises?: string;
}

interface CaseJob {
  index: number;
  args?: Json[];
  kwargs?: Record<string, Json>;
  raises?: string;
  init?: Json[];
  init_kwargs?: Record<string, Json>;
  init_raises?: string;
  calls?: CallJob[];
  attributes?: string[];
}

interface Job {
  entry_point: string;
  kind: "function" | "class";
  mode?: "cases" | "timing";
  args?: Json[];
  init?: Json[];
  calls?: CallJob[];
  repeat?: number;
  params: ParamJob[];
  returns: string;
  cases: CaseJob[];
  methods?: Record<string, MethodJob>;
  solution?: string;
}

// ------------------------------------------------------------------ outcome events

/** Writes events to the outcome channel; the token stays in the writer's closure. */
class Outcomes {
  readonly #write: (json: string) => void;

  constructor(ends: ChannelEnds) {
    this.#write = writer(ends);
  }

  emit(event: Record<string, Out>): void {
    this.#write(serialize(event));
  }
}

function serialize(value: Out): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "bigint":
      return value.toString();
    case "number":
    case "boolean":
    case "string":
      return JSON.stringify(value);
    default:
      break;
  }
  if (Array.isArray(value)) return `[${value.map(serialize).join(",")}]`;
  const parts = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${serialize(v)}`);
  return `{${parts.join(",")}}`;
}

// ------------------------------------------------------------------ reading types

type TypeExpr =
  | { kind: "any" | "null" | "undefined" | "number" | "string" | "boolean" | "bigint" }
  | { kind: "tree" | "list" }
  | { kind: "array" | "set"; element: TypeExpr }
  | { kind: "tuple"; elements: TypeExpr[] }
  | { kind: "map"; key: TypeExpr; value: TypeExpr }
  | { kind: "record"; key: TypeExpr; value: TypeExpr }
  | { kind: "object"; fields: Map<string, TypeExpr> }
  | { kind: "union"; options: TypeExpr[] };

const ANY: TypeExpr = { kind: "any" };
const TOKEN =
  /\s*(=>|\.\.\.|[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`|-?\d[\d_]*(?:\.\d+)?n?|[<>[\](){},;:|&?=])/y;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  let match: RegExpExecArray | null;
  while (TOKEN.lastIndex < text.length && (match = TOKEN.exec(text)) !== null) {
    tokens.push(match[1]);
  }
  if (text.slice(TOKEN.lastIndex).trim() !== "") throw new Error(`cannot read type ${text}`);
  return tokens;
}

/** A small recursive-descent reader for the type expressions of signatures. */
class TypeReader {
  private pos = 0;

  constructor(private readonly tokens: string[]) {}

  static read(text: string): TypeExpr {
    if (!text.trim()) return ANY;
    try {
      const reader = new TypeReader(tokenize(text));
      const type = reader.union();
      return reader.pos === reader.tokens.length ? type : ANY;
    } catch {
      return ANY;
    }
  }

  private peek(offset = 0): string | undefined {
    return this.tokens[this.pos + offset];
  }

  private take(expected?: string): string {
    const token = this.tokens[this.pos];
    if (token === undefined || (expected !== undefined && token !== expected)) {
      throw new Error(`expected ${expected ?? "a token"}`);
    }
    this.pos += 1;
    return token;
  }

  private skipBalanced(open: string, close: string): void {
    let depth = 0;
    do {
      const token = this.take();
      if (token === open) depth += 1;
      else if (token === close) depth -= 1;
    } while (depth > 0);
  }

  union(): TypeExpr {
    if (this.peek() === "|") this.take();
    const options = [this.intersection()];
    while (this.peek() === "|") {
      this.take();
      options.push(this.intersection());
    }
    return options.length === 1 ? options[0] : { kind: "union", options };
  }

  private intersection(): TypeExpr {
    if (this.peek() === "&") this.take();
    const first = this.postfix();
    let several = false;
    while (this.peek() === "&") {
      this.take();
      this.postfix();
      several = true;
    }
    return several ? ANY : first;
  }

  private postfix(): TypeExpr {
    if (this.peek() === "readonly") this.take(); // readonly T[] decodes like T[]
    if (this.peek() === "keyof" || this.peek() === "typeof" || this.peek() === "unique") {
      this.take();
      this.postfix();
      return ANY;
    }
    let type = this.primary();
    while (this.peek() === "[") {
      this.take();
      if (this.peek() === "]") {
        this.take();
        type = { kind: "array", element: type };
      } else {
        this.union();
        this.take("]");
        type = ANY; // an indexed access type
      }
    }
    return type;
  }

  private primary(): TypeExpr {
    const token = this.take();
    if (token === "(") {
      const start = this.pos;
      try {
        const inner = this.union();
        this.take(")");
        if (this.peek() !== "=>") return inner;
      } catch {
        // a function type's parameter list
      }
      this.pos = start - 1;
      this.skipBalanced("(", ")");
      this.take("=>");
      this.union();
      return ANY;
    }
    if (token === "new") {
      this.skipBalanced("(", ")");
      this.take("=>");
      this.union();
      return ANY;
    }
    if (token === "<") { // a generic function type
      this.pos -= 1;
      this.skipBalanced("<", ">");
      return this.primary();
    }
    if (token === "[") return this.tuple();
    if (token === "{") return this.objectType();
    if (/^["'`\d-]/.test(token) || token === "true" || token === "false") return ANY;
    const args: TypeExpr[] = [];
    if (this.peek() === "<") {
      this.take();
      args.push(this.union());
      while (this.peek() === ",") {
        this.take();
        args.push(this.union());
      }
      this.take(">");
    }
    return named(token, args);
  }

  private tuple(): TypeExpr {
    const elements: TypeExpr[] = [];
    while (this.peek() !== "]") {
      if (this.peek() === "...") {
        this.take();
      }
      if (/^[A-Za-z_$]/.test(this.peek() ?? "") && (this.peek(1) === ":" || this.peek(1) === "?")) {
        this.take();
        if (this.peek() === "?") this.take();
        this.take(":");
      }
      elements.push(this.union());
      if (this.peek() === "?") this.take();
      if (this.peek() === ",") this.take();
    }
    this.take("]");
    return { kind: "tuple", elements };
  }

  private objectType(): TypeExpr {
    const fields = new Map<string, TypeExpr>();
    let index: TypeExpr | undefined;
    while (this.peek() !== "}") {
      if (this.peek() === "readonly") this.take();
      if (this.peek() === "[") {
        this.skipBalanced("[", "]");
        if (this.peek() === "?") this.take();
        this.take(":");
        index = this.union();
      } else {
        const name = this.take().replace(/^["']|["']$/g, "");
        if (this.peek() === "?") this.take();
        if (this.peek() === "(" || this.peek() === "<") {
          if (this.peek() === "<") this.skipBalanced("<", ">");
          this.skipBalanced("(", ")");
          this.take(":");
          this.union();
        } else {
          this.take(":");
          fields.set(name, this.union());
        }
      }
      if (this.peek() === ";" || this.peek() === ",") this.take();
    }
    this.take("}");
    if (index !== undefined && fields.size === 0) {
      return { kind: "record", key: { kind: "string" }, value: index };
    }
    return { kind: "object", fields };
  }
}

function named(name: string, args: TypeExpr[]): TypeExpr {
  const arg = (i: number): TypeExpr => args[i] ?? ANY;
  switch (name) {
    case "number":
    case "string":
    case "boolean":
    case "bigint":
    case "null":
    case "undefined":
      return { kind: name };
    case "void":
      return { kind: "undefined" };
    case "TreeNode":
      return { kind: "tree" };
    case "ListNode":
      return { kind: "list" };
    case "Array":
    case "ReadonlyArray":
      return { kind: "array", element: arg(0) };
    case "Set":
    case "ReadonlySet":
      return { kind: "set", element: arg(0) };
    case "Map":
    case "ReadonlyMap":
      return { kind: "map", key: arg(0), value: arg(1) };
    case "Record":
      return { kind: "record", key: arg(0), value: arg(1) };
    case "Readonly":
    case "NonNullable":
    case "Partial":
    case "Required":
    case "Promise":
    case "PromiseLike":
    case "Awaited":
      return arg(0);
    default:
      return ANY;
  }
}

// ------------------------------------------------------------------ JSON to typed values

function isObject(value: unknown): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function options(type: TypeExpr): TypeExpr[] {
  return type.kind === "union" ? type.options.flatMap(options) : [type];
}

function accepts(type: TypeExpr, kind: TypeExpr["kind"]): boolean {
  return options(type).some((t) => t.kind === kind);
}

/** The member of a union that a JSON value stands for. */
function choose(type: TypeExpr, value: Json): TypeExpr {
  const candidates = options(type).filter((t) => t.kind !== "null" && t.kind !== "undefined");
  const fits = (t: TypeExpr): boolean => {
    if (Array.isArray(value)) return ["array", "tuple", "set", "tree", "list"].includes(t.kind);
    if (isObject(value)) return ["map", "record", "object"].includes(t.kind);
    if (typeof value === "number") return t.kind === "number" || t.kind === "bigint";
    if (typeof value === "string") return t.kind === "string";
    return t.kind === "boolean";
  };
  return candidates.find(fits) ?? ANY;
}

function decode(value: Json, type: TypeExpr): unknown {
  if (value === null) {
    if (accepts(type, "null") || accepts(type, "tree") || accepts(type, "list")) return null;
    return accepts(type, "undefined") ? undefined : null;
  }
  const t = type.kind === "union" ? choose(type, value) : type;
  switch (t.kind) {
    case "tree":
      return Array.isArray(value) ? buildTree(value) : value;
    case "list":
      return Array.isArray(value) ? buildList(value) : value;
    case "bigint":
      return typeof value === "number" || typeof value === "string" ? BigInt(value) : value;
    case "array":
      return Array.isArray(value) ? value.map((v) => decode(v, t.element)) : value;
    case "set":
      return Array.isArray(value) ? new Set(value.map((v) => decode(v, t.element))) : value;
    case "tuple":
      return Array.isArray(value)
        ? value.map((v, i) => decode(v, t.elements[i] ?? ANY))
        : value;
    case "map":
      if (Array.isArray(value)) {
        return new Map(value.map((pair) => {
          const [k, v] = Array.isArray(pair) ? pair : [pair, null];
          return [decode(k ?? null, t.key), decode(v ?? null, t.value)] as const;
        }));
      }
      if (isObject(value)) {
        return new Map(Object.entries(value).map(([k, v]) => [decodeKey(k, t.key),
          decode(v, t.value)] as const));
      }
      return value;
    case "record":
      return isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, decode(v, t.value)]))
        : value;
    case "object":
      return isObject(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) =>
          [k, decode(v, t.fields.get(k) ?? ANY)]))
        : value;
    default:
      return value;
  }
}

function decodeKey(key: string, type: TypeExpr): unknown {
  if (accepts(type, "number") && !accepts(type, "string") && key.trim() !== ""
      && !Number.isNaN(Number(key))) {
    return Number(key);
  }
  if (accepts(type, "bigint") && /^-?\d+$/.test(key)) return BigInt(key);
  return key;
}

function buildTree(values: Json[]): TreeNode | null {
  if (values.length === 0 || values[0] === null) return null;
  const root = new TreeNode(values[0] as number);
  const queue: TreeNode[] = [root];
  let i = 1;
  for (let head = 0; head < queue.length && i < values.length; head += 1) {
    const node = queue[head];
    for (const side of ["left", "right"] as const) {
      if (i >= values.length) break;
      const v = values[i];
      i += 1;
      if (v !== null) {
        const child = new TreeNode(v as number);
        node[side] = child;
        queue.push(child);
      }
    }
  }
  return root;
}

function buildList(values: Json[]): ListNode | null {
  let head: ListNode | null = null;
  for (let i = values.length - 1; i >= 0; i -= 1) head = new ListNode(values[i] as number, head);
  return head;
}

function decodeArgs(params: ParamJob[], args: Json[], kwargs?: Record<string, Json>): unknown[] {
  const types = params.map((p) => TypeReader.read(p.type));
  const values = args.map((a, i) => decode(a, types[i] ?? ANY));
  for (const [name, value] of Object.entries(kwargs ?? {})) {
    const i = params.findIndex((p) => p.name === name);
    if (i < 0) throw new ArgumentError(`no parameter named ${name}`);
    while (values.length < i) values.push(undefined);
    values[i] = decode(value, types[i]);
  }
  return values;
}

class ArgumentError extends Error {
  override name = "ArgumentError";
}

// ------------------------------------------------------------------ values back to JSON

function encode(value: unknown, depth = 0, seen = new Set<object>()): Out {
  if (value === undefined || value === null) return null;
  switch (typeof value) {
    case "boolean":
    case "string":
    case "bigint":
      return value;
    case "number":
      if (Number.isFinite(value)) return Object.is(value, -0) ? 0 : value;
      return { $float: Number.isNaN(value) ? "nan" : value > 0 ? "inf" : "-inf" };
    case "symbol":
      return { $repr: value.toString(), $type: "symbol" };
    case "function":
      return { $repr: `[Function ${value.name || "(anonymous)"}]`, $type: "function" };
    default:
      break;
  }
  const obj = value as object;
  const typeName = obj.constructor?.name || "Object";
  if (depth > 10_000 || seen.has(obj)) {
    return { $repr: depth > 10_000 ? "<nested too deeply>" : "<cycle>", $type: typeName };
  }
  seen.add(obj);
  try {
    return encodeObject(obj, typeName, depth, seen);
  } finally {
    seen.delete(obj);
  }
}

function encodeObject(obj: object, typeName: string, depth: number, seen: Set<object>): Out {
  const inner = (v: unknown): Out => encode(v, depth + 1, seen);
  if (Array.isArray(obj)) return Array.from(obj, inner); // holes become null
  if (ArrayBuffer.isView(obj) && !(obj instanceof DataView)) {
    return Array.from(obj as unknown as ArrayLike<number | bigint>, inner);
  }
  if (obj instanceof Map) return encodeMap(obj, inner);
  if (obj instanceof Set) return Array.from(obj, inner);
  if (obj instanceof Date) return { $repr: obj.toISOString(), $type: "Date" };
  if (obj instanceof Error) return { $repr: `${obj.name}: ${obj.message}`, $type: typeName };
  if (obj instanceof Promise) return { $repr: "Promise { <pending> }", $type: "Promise" };
  if (isTree(obj)) return treeToList(obj, inner);
  if (isList(obj)) return listToList(obj, inner);
  if (Symbol.iterator in obj && typeof obj[Symbol.iterator] === "function") {
    const items: Out[] = [];
    for (const item of obj as Iterable<unknown>) {
      if (items.length >= MAX_ITEMS) break;
      items.push(inner(item));
    }
    return items;
  }
  const entries = Object.entries(obj);
  if (entries.some(([k]) => k.startsWith("$"))) {
    return { $dict: entries.map(([k, v]) => [k, inner(v)]) };
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, inner(v)]));
}

function encodeMap(map: Map<unknown, unknown>, inner: (v: unknown) => Out): Out {
  const keys = [...map.keys()];
  const simple = keys.every((k) => ["string", "number", "bigint", "boolean"].includes(typeof k));
  const names = keys.map(String);
  if (simple && new Set(names).size === names.length && !names.some((n) => n.startsWith("$"))) {
    return Object.fromEntries([...map].map(([k, v]) => [String(k), inner(v)]));
  }
  return { $dict: [...map].map(([k, v]) => [inner(k), inner(v)]) };
}

interface TreeLike {
  val: unknown;
  left: TreeLike | null;
  right: TreeLike | null;
}

interface ListLike {
  val: unknown;
  next: ListLike | null;
}

function isTree(obj: object): obj is TreeLike {
  return "val" in obj && "left" in obj && "right" in obj;
}

function isList(obj: object): obj is ListLike {
  return "val" in obj && "next" in obj && !("left" in obj);
}

function treeToList(root: TreeLike, inner: (v: unknown) => Out): Out {
  const out: Out[] = [];
  const queue: (TreeLike | null | undefined)[] = [root];
  const seen = new Set<TreeLike>();
  for (let head = 0; head < queue.length; head += 1) {
    const node = queue[head];
    if (node === null || node === undefined) {
      out.push(null);
      continue;
    }
    if (seen.has(node) || seen.size >= MAX_ITEMS) return { $repr: "<cyclic tree>", $type: "TreeNode" };
    seen.add(node);
    out.push(inner(node.val));
    queue.push(node.left, node.right);
  }
  while (out.length > 0 && out[out.length - 1] === null) out.pop();
  return out;
}

function listToList(head: ListLike, inner: (v: unknown) => Out): Out {
  const out: Out[] = [];
  const seen = new Set<ListLike>();
  for (let node: ListLike | null | undefined = head; node; node = node.next) {
    if (seen.has(node) || seen.size >= MAX_ITEMS) {
      return { $repr: "<cyclic linked list>", $type: "ListNode" };
    }
    seen.add(node);
    out.push(inner(node.val));
  }
  return out;
}

/** A result as JSON; an empty tree or list (`null`) is `[]` when the declared type says so. */
function encodeResult(value: unknown, returns: string | undefined): Out {
  if (value === null || value === undefined) {
    const type = TypeReader.read(returns ?? "");
    if (accepts(type, "tree") || accepts(type, "list")) return [];
  }
  return encode(value);
}

// ------------------------------------------------------------------ errors

/** The class name of a thrown value (`RangeError`, a custom `ValidationError`); for a thrown
 * primitive its `typeof`, for a plain object `object`. */
function errorType(err: unknown): string {
  if (typeof err !== "object" || err === null) return err === null ? "null" : typeof err;
  const ctor = (err as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof ctor === "string" && ctor !== "" && ctor !== "Error" && ctor !== "Object") {
    return ctor;
  }
  const name = (err as { name?: unknown }).name;
  if (typeof name === "string" && name !== "") return name;
  return ctor === "Object" ? "object" : "Error";
}

function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === "object" && err !== null && "message" in err) return String(err.message);
  try {
    return typeof err === "string" ? err : JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

function stackTail(err: unknown): string {
  const stack = err instanceof Error ? err.stack ?? "" : "";
  return stack.split("\n")
    .filter((line) => /solution\.(ts|js)/.test(line))
    .slice(0, 5)
    .map((line) => line.trim().replace(`${process.cwd()}${path.sep}`, ""))
    .join("\n");
}

/** Whether `err` is an instance of a class named `name` (its own class or an ancestor). */
function isA(err: unknown, name: string): boolean {
  if (typeof err !== "object" || err === null) return false;
  for (let proto: unknown = Object.getPrototypeOf(err); proto !== null && proto !== undefined;
    proto = Object.getPrototypeOf(proto)) {
    const ctor = (proto as { constructor?: { name?: unknown } }).constructor;
    if (ctor?.name === name) return true;
  }
  return false;
}

/** The fields of an exception event; `expected` (the case's `raises`) is reported as the
 * error's type when the error is an instance of a subclass of it, as `instanceof` says. */
function errorFields(err: unknown, expected?: string): Record<string, Out> {
  const type = expected !== undefined && isA(err, expected) ? expected : errorType(err);
  const fields: Record<string, Out> = { error_type: type, message: errorMessage(err) };
  const tail = stackTail(err);
  if (tail) fields.traceback = tail;
  return fields;
}

// ------------------------------------------------------------------ the worker: running cases

/** Thrown into a case whose Promise can never settle (nothing left to run). */
class StalledPromise extends Error {
  override name = "StalledPromise";
}

let stalled: ((reason: unknown) => void) | undefined;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === "object" || typeof value === "function") && value !== null
    && typeof (value as { then?: unknown }).then === "function";
}

/** The settled value of a result; a Promise that can never settle fails the case. */
async function settle(result: unknown): Promise<unknown> {
  if (!isThenable(result)) return result;
  const never = new Promise<never>((_, reject) => {
    stalled = reject;
  });
  try {
    return await Promise.race([result, never]);
  } finally {
    stalled = undefined;
  }
}

type Entry = (...args: unknown[]) => unknown;
type Constructor = new (...args: unknown[]) => Record<string, unknown>;

async function runCase(job: Job, entry: unknown, c: CaseJob): Promise<Record<string, Out>> {
  const started = performance.now();
  const seconds = (): number => (performance.now() - started) / 1000;
  const event: Record<string, Out> = { event: "case", index: c.index };
  if (job.kind !== "class") {
    try {
      const args = decodeArgs(job.params, c.args ?? [], c.kwargs);
      const value = await settle((entry as Entry)(...args));
      return { ...event, status: "value", value: encodeResult(value, job.returns),
        seconds: seconds() };
    } catch (err) {
      return { ...event, status: "exception", ...errorFields(err, c.raises),
        seconds: seconds() };
    }
  }
  let obj: Record<string, unknown>;
  try {
    obj = new (entry as Constructor)(...decodeArgs(job.params, c.init ?? [], c.init_kwargs));
  } catch (err) {
    return { ...event, status: "exception", ...errorFields(err, c.init_raises),
      seconds: seconds() };
  }
  if (c.init_raises !== undefined) { // the constructor should have thrown: no call is made
    return { ...event, status: "calls", calls: [], seconds: seconds() };
  }
  if (c.attributes !== undefined) {
    const attrs: Record<string, Out> = {};
    for (const name of c.attributes) {
      attrs[name] = name in obj ? encode(obj[name]) : { $repr: "<missing>", $type: "missing" };
    }
    return { ...event, status: "value", value: attrs, seconds: seconds() };
  }
  const calls: Out[] = [];
  for (const call of c.calls ?? []) {
    calls.push(await runCall(job, obj, call));
  }
  return { ...event, status: "calls", calls, seconds: seconds() };
}

async function runCall(job: Job, obj: Record<string, unknown>, call: CallJob): Promise<Out> {
  const args = call.args ?? [];
  try {
    const method = obj[call.method];
    if (typeof method !== "function") {
      if (args.length === 0 && call.method in obj) return { value: encode(method) }; // a getter
      throw new TypeError(`${job.entry_point} has no method ${call.method}`);
    }
    const signature = job.methods?.[call.method];
    const value = await settle(method.apply(obj, decodeArgs(signature?.params ?? [], args,
      call.kwargs)));
    return { value: encodeResult(value, signature?.returns) };
  } catch (err) {
    return errorFields(err, call.raises);
  }
}

/** CPU seconds of the whole process so far. Node.js 20 has no clock for one thread's CPU
 * time (and /proc's per-thread counter is only as fine as the scheduler tick), but node runs
 * with V8's --single-threaded: garbage collection and optimising compilation happen in the
 * thread that runs the solution, the other threads wait, so the process's clock is that
 * thread's. */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Untimed calls before the timed ones: at least this many, and more (up to the maximum)
 * until they took this many CPU seconds. V8 compiles a function's hot code after it ran a
 * while, and with --single-threaded it does so in the call: the first calls pay for it. */
const WARMUP = { calls: 2, seconds: 0.1, max: 10 };

/** Whether a result is lazy: an iterator (a generator's, `map.keys()`'s) or an async
 * iterator, which does its work only as it is read. Arrays, Maps, Sets and strings are
 * iterable but not iterators: they are already computed. */
function isLazy(value: unknown): value is Iterator<unknown> | AsyncIterator<unknown> {
  if (typeof value !== "object" || value === null) return false;
  const it = value as { next?: unknown; [Symbol.iterator]?: unknown;
    [Symbol.asyncIterator]?: unknown };
  return typeof it.next === "function" && (typeof it[Symbol.iterator] === "function"
    || typeof it[Symbol.asyncIterator] === "function");
}

/** A timed call's result, settled (a Promise awaited) and forced: a lazy result is read to
 * its end (at most MAX_ITEMS items, as a data case's result is read), so that a generator is
 * not timed as free. Awaits only what is asynchronous: a synchronous call stays synchronous. */
async function forced(result: unknown): Promise<void> {
  const value = isThenable(result) ? await settle(result) : result;
  if (!isLazy(value)) return;
  for (let i = 0; i < MAX_ITEMS; i += 1) {
    let step: unknown = value.next();
    if (isThenable(step)) step = await settle(step); // an async iterator's
    if ((step as IteratorResult<unknown>).done) return;
  }
}

/** One timed unit, and what it needs decoded beforehand (the decoding is not timed). */
type TimedUnit = () => Promise<void>;

/** A unit's decoded arguments: a function problem's `args`, or a class problem's `init` and
 * the arguments of each of its `calls`. */
interface UnitArgs { args: unknown[]; init: unknown[]; calls: { method: string; args: unknown[] }[] }

function decodeUnit(job: Job): UnitArgs {
  if (job.kind !== "class") return { args: decodeArgs(job.params, job.args ?? []), init: [], calls: [] };
  return {
    args: [],
    init: decodeArgs(job.params, job.init ?? []),
    calls: (job.calls ?? []).map((call) => ({
      method: call.method,
      args: decodeArgs(job.methods?.[call.method]?.params ?? [], call.args ?? [], call.kwargs),
    })),
  };
}

/** How the next unit gets its arguments: the same ones when all are primitives (a call cannot
 * change them), a copy when they are plain arrays and objects of primitives (copying 10^6
 * numbers takes milliseconds; decoding them by their declared types took a quarter of a
 * second per unit, ten times the unit itself), decoded again otherwise (class instances,
 * Maps, functions: a copy would lose what they are). */
type Reuse = "same" | "copy" | "decode";

function reuseOf(unit: UnitArgs): Reuse {
  let reuse: Reuse = "same";
  const pending: unknown[] = [...unit.args, ...unit.init];
  for (const call of unit.calls) pending.push(...call.args);
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value === "function") return "decode";
    if (value === null || typeof value !== "object") continue;
    const proto = Object.getPrototypeOf(value);
    if (Array.isArray(value) && proto === Array.prototype) {
      for (const item of value) {
        if (item !== null && (typeof item === "object" || typeof item === "function")) {
          pending.push(item);
        }
      }
    } else if (proto === Object.prototype) {
      pending.push(...Object.values(value as Record<string, unknown>));
    } else {
      return "decode";
    }
    reuse = "copy";
  }
  return reuse;
}

/** A deep copy of plain data (arrays, plain objects, primitives): 5 times faster than
 * structuredClone on 2 * 10^5 small objects (60 against 350 ms). */
function copyPlain(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = copyPlain(value[i]);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) out[key] = copyPlain((value as Record<string, unknown>)[key]);
  return out;
}

function copyUnit(unit: UnitArgs): UnitArgs {
  return {
    args: unit.args.map(copyPlain),
    init: unit.init.map(copyPlain),
    calls: unit.calls.map(({ method, args }) => ({ method, args: args.map(copyPlain) })),
  };
}

/** A function problem's unit: one call of the entry point. */
function functionUnit(entry: Entry, unit: UnitArgs): TimedUnit {
  return () => forced(entry(...unit.args));
}

/** A class problem's unit: a fresh object built from `init`, then every call of `calls` in
 * order (a getter read as such), results settled, forced and dropped. */
function classUnit(job: Job, entry: Constructor, unit: UnitArgs): TimedUnit {
  const { init, calls } = unit;
  return async () => {
    const obj = new entry(...init);
    for (const { method, args } of calls) {
      const member = obj[method];
      if (typeof member === "function") {
        const result: unknown = member.apply(obj, args);
        // forced unless it is the object itself (a chaining method of an iterator class)
        if (result !== obj && (isThenable(result) || isLazy(result))) await forced(result);
      } else if (!(args.length === 0 && method in obj)) { // else a getter, read above
        throw new TypeError(`${job.entry_point} has no method ${method}`);
      }
    }
  };
}

/** Timing mode: `repeat` timed units (one call of a function, or a class problem's
 * construction and calls) on arguments as fresh as decoded ones (reuseOf), after the warm-up
 * units, timing only
 * the units, in CPU seconds: unlike the wall clock, they do not charge a call for the time a
 * busy machine gives to other processes. A returned Promise is awaited and a lazy result
 * (an iterator) read to its end inside the unit. (No forced garbage collection between
 * units: after a full collection V8 compiles regular expressions again and sweeps its heap in
 * the next call, which would charge it several milliseconds.) */
async function time(job: Job, entry: Entry, out: Outcomes): Promise<void> {
  if (job.kind === "class" && job.calls === undefined) {
    out.emit({ event: "timing_error", error_type: "TypeError",
      message: "timing a class problem needs init and calls" });
    return;
  }
  let first: UnitArgs | undefined;
  let reuse: Reuse = "decode";
  const nextArgs = (): UnitArgs => {
    if (first === undefined) {
      first = decodeUnit(job);
      reuse = reuseOf(first);
      return reuse === "copy" ? copyUnit(first) : first;
    }
    if (reuse === "same") return first;
    return reuse === "copy" ? copyUnit(first) : decodeUnit(job);
  };
  const measure = async (): Promise<number> => {
    const args = nextArgs();
    const unit = job.kind === "class"
      ? classUnit(job, entry as unknown as Constructor, args)
      : functionUnit(entry, args);
    const started = cpuSeconds();
    await unit();
    return cpuSeconds() - started;
  };
  const seconds: number[] = [];
  try {
    let warm = 0;
    for (let i = 0; i < WARMUP.max && (i < WARMUP.calls || warm < WARMUP.seconds); i += 1) {
      warm += await measure();
    }
    for (let i = 0; i < (job.repeat ?? 1); i += 1) {
      seconds.push(await measure());
    }
  } catch (err) {
    out.emit({ event: "timing_error", ...errorFields(err) });
    return;
  }
  out.emit({ event: "timing", seconds });
  out.emit({ event: "done" });
}

function findEntry(mod: Record<string, unknown>, name: string): unknown {
  if (name in mod) return mod[name];
  const fallback = mod.default as { name?: unknown } | undefined;
  return typeof fallback === "function" && fallback.name === name ? fallback : undefined;
}

async function work(current: Int32Array, out: Outcomes): Promise<void> {
  const job = JSON.parse(fs.readFileSync("job.json", "utf8")) as Job;
  process.on("beforeExit", () => {
    const reject = stalled;
    if (reject === undefined) return;
    stalled = undefined;
    reject(new StalledPromise("the returned Promise never settles (nothing is left to run)"));
    setImmediate(() => undefined); // keeps the loop alive for the cases after this one
  });
  process.on("uncaughtException", (err) => {
    // thrown outside any case's call stack (a timer, an event): it fails the running case
    const reject = stalled;
    stalled = undefined;
    if (reject) reject(err);
    else process.stderr.write(`uncaught exception outside a case: ${String(err)}\n`);
  });
  process.on("unhandledRejection", (reason) => {
    process.stderr.write(`unhandled Promise rejection: ${errorType(reason)}: ${errorMessage(reason)}\n`);
  });
  let entry: unknown;
  try {
    const mod = require(path.resolve(job.solution ?? "solution.js")) as Record<string, unknown>;
    entry = findEntry(mod, job.entry_point);
    if (typeof entry !== "function") {
      const names = Object.keys(mod).filter((n) => n !== "__esModule");
      out.emit({
        event: "load_error",
        error_type: "ReferenceError",
        message: `the solution does not define ${job.kind === "class" ? "class" : "function"} `
          + `${job.entry_point}${entry === undefined ? "" : ` (it is a ${typeof entry})`}`
          + (names.length > 0 ? `; it defines: ${names.join(", ")}` : ""),
      });
      return;
    }
  } catch (err) {
    out.emit({ event: "load_error", ...errorFields(err) });
    return;
  }
  out.emit({ event: "loaded" });
  if (job.mode === "timing") {
    await time(job, entry as Entry, out);
    return;
  }
  for (const c of job.cases) {
    Atomics.store(current, 0, c.index);
    out.emit({ event: "start", index: c.index });
    const result = await runCase(job, entry, c);
    out.emit(result);
    Atomics.store(current, 0, -1);
  }
  out.emit({ event: "done" });
}

// ------------------------------------------------------------------ the main thread: watching

interface WorkerData {
  current: Int32Array;
  channel?: ChannelEnds;
}

function watch(): void {
  const channel = openChannel(); // before any solution code can run
  const out = new Outcomes(channel);
  const current = new Int32Array(new SharedArrayBuffer(4));
  current[0] = -1;
  const data: WorkerData = { current, channel };
  const worker = new Worker(__filename, {
    workerData: data,
    resourceLimits: { stackSizeMb: STACK_MB, maxOldGenerationSizeMb: HEAP_MB },
  });
  const report = (errorType: string, message: string): void => {
    const index = Atomics.load(current, 0);
    if (index < 0) return;
    out.emit({ event: "case", index, status: "exception", error_type: errorType, message });
    Atomics.store(current, 0, -1);
  };
  worker.on("error", (err: Error & { code?: string }) => {
    if (err.code === "ERR_WORKER_OUT_OF_MEMORY") {
      report("OutOfMemory", `the solution ran out of memory (heap limit ${HEAP_MB} MB)`);
    } else {
      report(errorType(err), errorMessage(err));
    }
    process.exitCode = 1;
  });
  worker.on("exit", (code) => {
    if (code === 0 && Atomics.load(current, 0) >= 0) {
      report("ProcessExit", "the solution called process.exit(0) while this case was running");
      process.exitCode = 1;
    } else if (code !== 0 && process.exitCode === undefined) {
      process.exitCode = code;
    }
  });
}

if (isMainThread) {
  watch();
} else {
  // the channel's ends leave workerData (which the solution can read) before it is loaded
  const data = workerData as WorkerData;
  const { current, channel } = data;
  delete data.channel;
  if (channel === undefined) throw new Error("the worker got no outcome channel");
  work(current, new Outcomes(channel)).catch((err: unknown) => {
    process.stderr.write(`harness error: ${String(err)}\n`);
    process.exitCode = 3;
  });
}
