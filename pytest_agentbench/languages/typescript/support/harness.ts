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
//
// A timing job ("mode": "timing", docs/runners.md) names two contenders, each compiled in a
// folder of its own: the worker loads both and times them interleaved, size by size; the main
// thread is then also the cut-off's watchdog, which can end a solution's endless call.

import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
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

/** One timing input: a function problem's `args`, or a class problem's `init` and `calls`. */
interface SizeJob {
  label: string;
  n?: number | null;
  args?: Json[];
  init?: Json[];
  calls?: CallJob[];
}

/** The timing job (docs/runners.md, "Timing"): who is timed, on what, how often. */
interface TimingJob {
  contenders: { who: string; dir: string }[];
  sizes: SizeJob[];
  repeat: number;
  call_budget?: number;
  min_calls?: number;
  cutoff_ratio?: number;
}

interface Job {
  entry_point: string;
  kind: "function" | "class";
  mode?: "cases" | "timing";
  timing?: TimingJob;
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

function decodeUnit(job: Job, size: SizeJob): UnitArgs {
  if (job.kind !== "class") return { args: decodeArgs(job.params, size.args ?? []), init: [], calls: [] };
  return {
    args: [],
    init: decodeArgs(job.params, size.init ?? []),
    calls: (size.calls ?? []).map((call) => ({
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

/** The arrays of `unit` that hold primitives only: a copy of one is `slice()`, a copy of its
 * storage that keeps its elements kind (an element-wise copy makes a holey array) and is
 * quicker (10^6 integers: 6.0 against 8.1 ms). Found once per size: the decoded input does not
 * change, only copies of it are handed out. */
function flatArrays(unit: UnitArgs): WeakSet<unknown[]> {
  const flat = new WeakSet<unknown[]>();
  const pending: unknown[] = [...unit.args, ...unit.init];
  for (const call of unit.calls) pending.push(...call.args);
  while (pending.length > 0) {
    const value = pending.pop();
    if (value === null || typeof value !== "object") continue;
    if (Array.isArray(value)) {
      const before = pending.length;
      for (const item of value) if (item !== null && typeof item === "object") pending.push(item);
      if (pending.length === before) flat.add(value);
    } else {
      pending.push(...Object.values(value as Record<string, unknown>));
    }
  }
  return flat;
}

/** A deep copy of plain data (arrays, plain objects, primitives): 5 times faster than
 * structuredClone on 2 * 10^5 small objects (60 against 350 ms); an array of primitives only
 * (in `flat`) is sliced. */
function copyPlain(value: unknown, flat: WeakSet<unknown[]>): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    if (flat.has(value)) return value.slice();
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i += 1) out[i] = copyPlain(value[i], flat);
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    out[key] = copyPlain((value as Record<string, unknown>)[key], flat);
  }
  return out;
}

function copyUnit(unit: UnitArgs, flat: WeakSet<unknown[]>): UnitArgs {
  const copy = (value: unknown) => copyPlain(value, flat);
  return {
    args: unit.args.map(copy),
    init: unit.init.map(copy),
    calls: unit.calls.map(({ method, args }) => ({ method, args: args.map(copy) })),
  };
}

/** Fresh arguments for each unit at a size, from its input decoded once: the decoded ones
 * themselves first (unless they are to be copied), then as `reuseOf` says. */
function argumentSource(job: Job, size: SizeJob): () => UnitArgs {
  const base = decodeUnit(job, size);
  const reuse = reuseOf(base);
  const flat = reuse === "copy" ? flatArrays(base) : new WeakSet<unknown[]>();
  let unused = reuse !== "copy";
  return () => {
    if (reuse === "copy") return copyUnit(base, flat);
    if (reuse === "same" || unused) {
      unused = false;
      return base;
    }
    return decodeUnit(job, size);
  };
}

/** The last unit's result (or object), kept where the optimising compiler must assume it is
 * read: a call whose result is unused could otherwise be dropped as dead code. */
let sink: unknown;

/** A function problem's unit: one call of the entry point. */
function functionUnit(entry: Entry, unit: UnitArgs): TimedUnit {
  return () => {
    const result = entry(...unit.args);
    sink = result;
    return forced(result);
  };
}

/** A class problem's unit: a fresh object built from `init`, then every call of `calls` in
 * order (a getter read as such), results settled, forced and dropped. */
function classUnit(job: Job, entry: Constructor, unit: UnitArgs): TimedUnit {
  const { init, calls } = unit;
  return async () => {
    const obj = new entry(...init);
    sink = obj;
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

/** One of the two programs timed: who it is ("solution" or "reference") and its entry point
 * (a function, or a class problem's class). */
interface Contender {
  who: string;
  entry: unknown;
}

/** A unit of `who` threw `error`: the timing ends. */
class UnitFailed {
  constructor(readonly who: string, readonly error: unknown) {}
}

/** A solution unit ran past its limit: the timing ends (`report`: this thread says so, else
 * the main thread's watchdog is saying it already). */
class Cut {
  constructor(readonly limit: number, readonly report: boolean) {}
}

/** Milliseconds since `epoch`, a time both threads read alike (performance.timeOrigin based). */
function sinceEpoch(epoch: number): number {
  return performance.timeOrigin + performance.now() - epoch;
}

/** The watchdog's shared state, Int32 slots: whether a solution unit is running (0 no, 1 yes,
 * 2 being cut by the main thread), since when and for how long it may (ms since the epoch). */
const WATCH = { running: 0, started: 1, limit: 2, slots: 3 };
/** How often the main thread looks at a running solution unit (ms): a cut is at most this
 * late, and the look costs the process's CPU clock a few microseconds. */
const WATCH_MS = 100;

/** The timing thread's side of the cut-off (the main thread's is `watchCuts`): a solution
 * unit is marked running with its limit while it runs, so that the main thread can end the
 * process when it overruns, even inside an endless loop. */
class Watchdog {
  constructor(private readonly state: Int32Array, private readonly epoch: number) {}

  /** Tells the main thread which size is timed, for its cut-off event. */
  size(size: SizeJob): void {
    parentPort?.postMessage({ timingSize: { label: size.label, n: size.n ?? null } });
  }

  start(limit: number): void {
    Atomics.store(this.state, WATCH.limit, Math.ceil(limit * 1000));
    Atomics.store(this.state, WATCH.started, Math.floor(sinceEpoch(this.epoch)));
    Atomics.store(this.state, WATCH.running, 1);
  }

  /** Whether the unit ended before the main thread began to cut it. */
  stop(): boolean {
    return Atomics.compareExchange(this.state, WATCH.running, 1, 0) === 1;
  }
}

/** The main thread's watchdog: once the timing thread names a size, it looks every WATCH_MS
 * at the solution unit running, and one past its limit is cut: `timing_cut`, then the process
 * ends (the endless call with it). */
function watchCuts(worker: Worker, state: Int32Array, epoch: number, out: Outcomes): void {
  let size: { label: Out; n: Out } = { label: "", n: null };
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    const limit = Atomics.load(state, WATCH.limit);
    if (Atomics.load(state, WATCH.running) !== 1
        || sinceEpoch(epoch) - Atomics.load(state, WATCH.started) <= limit) return;
    if (Atomics.compareExchange(state, WATCH.running, 1, 2) !== 1) return; // it just ended
    out.emit({ event: "timing_cut", ...size, limit: limit / 1000 });
    process.exit(0);
  };
  worker.on("message", (message: { timingSize?: { label: string; n: number | null } }) => {
    if (message?.timingSize === undefined) return;
    size = { label: String(message.timingSize.label), n: Number(message.timingSize.n) || null };
    timer ??= setInterval(check, WATCH_MS).unref();
  });
}

/** A unit's CPU and wall seconds. */
interface Measured {
  cpu: number;
  wall: number;
}

/** One unit of `c` on `args`, timed; a solution unit watched by the cut-off at `limit`. */
async function measure(job: Job, c: Contender, args: UnitArgs, limit: number | undefined,
  watchdog: Watchdog): Promise<Measured> {
  const unit = job.kind === "class"
    ? classUnit(job, c.entry as Constructor, args)
    : functionUnit(c.entry as Entry, args);
  if (limit !== undefined) watchdog.start(limit);
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  try {
    await unit();
  } catch (err) {
    if (limit !== undefined && !watchdog.stop()) throw new Cut(limit, false);
    throw new UnitFailed(c.who, err);
  }
  const cpu = cpuSeconds() - cpu0;
  const wall = (performance.now() - wall0) / 1000;
  if (limit !== undefined) {
    if (!watchdog.stop()) throw new Cut(limit, false);
    if (wall > limit) throw new Cut(limit, true); // past it before the watchdog looked
  }
  return { cpu, wall };
}

/** The rounds at a size: the job's `repeat` at the first, else as many as fit in the call
 * budget by the previous size's median unit scaled to `n` (at least `min_calls`, at most
 * `repeat`): the plugin's rule, `harness_runner.calls_per_process`. */
function roundsAt(timing: TimingJob, previous: { n: number; calls: number[] } | undefined,
  n: number | null | undefined): number {
  const repeat = timing.repeat;
  if (timing.call_budget === undefined || previous === undefined || !previous.n || !n
      || previous.calls.length === 0) return repeat;
  const calls = [...previous.calls].sort((a, b) => a - b);
  const expected = calls[Math.floor(calls.length / 2)] * Math.max(1, n / previous.n);
  if (expected <= 0) return repeat;
  return Math.min(repeat, Math.max(timing.min_calls ?? 3,
    Math.ceil(timing.call_budget / expected)));
}

/** One size: its input decoded once; warm-up units of the reference, then of the solution
 * (at least WARMUP.calls each, more until they took WARMUP.seconds); then `rounds` rounds of
 * one unit each, the reference first in even rounds, each unit on fresh arguments. A solution
 * unit may run max(1, cutoff x the reference's shortest wall time here). */
async function timeSize(job: Job, size: SizeJob, [solution, reference]: Contender[],
  rounds: number, cutoff: number, watchdog: Watchdog): Promise<Record<string, number[]>> {
  const nextArgs = argumentSource(job, size);
  let fastest = Infinity;
  const unit = async (c: Contender): Promise<number> => {
    const args = nextArgs();
    const limit = c === solution ? Math.max(1, cutoff * fastest) : undefined;
    const { cpu, wall } = await measure(job, c, args, limit, watchdog);
    if (c === reference) fastest = Math.min(fastest, wall);
    return cpu;
  };
  for (const c of [reference, solution]) {
    let warm = 0;
    for (let i = 0; i < WARMUP.max && (i < WARMUP.calls || warm < WARMUP.seconds); i += 1) {
      warm += await unit(c);
    }
  }
  const times: Record<string, number[]> = { solution: [], reference: [] };
  for (let round = 0; round < rounds; round += 1) {
    for (const c of round % 2 === 0 ? [reference, solution] : [solution, reference]) {
      times[c.who].push(await unit(c));
    }
  }
  return times;
}

/** `import()` as it is, which TypeScript would compile into a require() for CommonJS. */
const dynamicImport = new Function("specifier", "return import(specifier)") as (
  specifier: string) => Promise<Record<string, unknown>>;

/** A contender's module, loaded afresh when the other contender is the same file (the
 * reference agent's), so that each has its own module-level state. */
async function loadModule(file: string, earlier: object | undefined): Promise<Record<string, unknown>> {
  if (earlier !== undefined) delete require.cache[file];
  const mod = require(file) as Record<string, unknown>;
  if (mod !== earlier) return mod;
  // an ES module is evaluated once per URL, whatever require.cache says: a query makes another
  return dynamicImport(`${pathToFileURL(file).href}?contender=2`);
}

/** The contenders in the job's order (solution, reference), each loaded from its folder;
 * undefined when one does not load (a `load_error` naming it is emitted). */
async function loadContenders(job: Job, timing: TimingJob, out: Outcomes): Promise<Contender[] | undefined> {
  const modules = new Map<string, object>();
  const contenders: Contender[] = [];
  for (const { who, dir } of timing.contenders) {
    const file = path.resolve(dir, job.solution ?? "solution.js");
    const load = async (): Promise<Record<string, unknown>> => {
      const mod = await loadModule(file, modules.get(file));
      modules.set(file, mod);
      return mod;
    };
    const entry = await loadEntry(job, load, out, { who });
    if (entry === undefined) return undefined;
    contenders.push({ who, entry });
  }
  const byWho = (who: string): Contender | undefined => contenders.find((c) => c.who === who);
  const solution = byWho("solution");
  const reference = byWho("reference");
  if (solution === undefined || reference === undefined) {
    throw new Error("the timing job needs a solution and a reference");
  }
  return [solution, reference];
}

/** Timing mode (docs/runners.md, "Timing"): both contenders loaded in this thread, then each
 * size timed (`timeSize`) in CPU seconds: unlike the wall clock, they do not charge a call for
 * the time a busy machine gives to other processes. A returned Promise is awaited and a lazy
 * result (an iterator) read to its end inside the unit. (No forced garbage collection between
 * units: after a full collection V8 compiles regular expressions again and sweeps its heap in
 * the next call, which would charge it several milliseconds.) */
async function timeContenders(job: Job, out: Outcomes, watchdog: Watchdog): Promise<void> {
  const timing = job.timing;
  if (timing === undefined) throw new Error("a timing job without timing");
  const contenders = await loadContenders(job, timing, out);
  if (contenders === undefined) return;
  out.emit({ event: "loaded" });
  let previous: { n: number; calls: number[] } | undefined;
  for (const size of timing.sizes) {
    const where = { label: size.label, n: size.n ?? null };
    if (job.kind === "class" && size.calls === undefined) {
      out.emit({ event: "harness_error", error_type: "TypeError",
        message: "timing a class problem needs init and calls" });
      return;
    }
    watchdog.size(size);
    let times: Record<string, number[]>;
    try {
      times = await timeSize(job, size, contenders, roundsAt(timing, previous, size.n),
        timing.cutoff_ratio ?? 25, watchdog);
    } catch (err) {
      if (err instanceof Cut) {
        if (err.report) out.emit({ event: "timing_cut", ...where, limit: err.limit });
        return;
      }
      if (!(err instanceof UnitFailed)) throw err;
      out.emit({ event: "timing_error", who: err.who, ...where, ...errorFields(err.error) });
      return;
    }
    out.emit({ event: "timing", ...where, solution: times.solution, reference: times.reference });
    previous = { n: size.n ?? 0, calls: [...times.solution, ...times.reference] };
  }
  out.emit({ event: "done" });
}

function findEntry(mod: Record<string, unknown>, name: string): unknown {
  if (name in mod) return mod[name];
  const fallback = mod.default as { name?: unknown } | undefined;
  return typeof fallback === "function" && fallback.name === name ? fallback : undefined;
}

/** What a contender's module lacks: the load_error's fields when it does not define the
 * entry point as a function or class. */
function missingEntry(job: Job, mod: Record<string, unknown>, entry: unknown,
  who: string): Record<string, Out> {
  const names = Object.keys(mod).filter((n) => n !== "__esModule");
  return {
    error_type: "ReferenceError",
    message: `the ${who} does not define ${job.kind === "class" ? "class" : "function"} `
      + `${job.entry_point}${entry === undefined ? "" : ` (it is a ${typeof entry})`}`
      + (names.length > 0 ? `; it defines: ${names.join(", ")}` : ""),
  };
}

/** The entry point of the module `load` gives; undefined after a `load_error` event (with
 * the fields of `extra`) when loading throws or the module does not define it. */
async function loadEntry(job: Job, load: () => Promise<Record<string, unknown>>, out: Outcomes,
  extra: Record<string, Out>): Promise<unknown> {
  try {
    const mod = await load();
    const entry = findEntry(mod, job.entry_point);
    if (typeof entry === "function") return entry;
    out.emit({ event: "load_error", ...extra,
      ...missingEntry(job, mod, entry, String(extra.who ?? "solution")) });
  } catch (err) {
    out.emit({ event: "load_error", ...extra, ...errorFields(err) });
  }
  return undefined;
}

/** Process-wide handlers: a Promise that can never settle, and errors thrown outside any
 * call's stack, fail the running case (or timing unit). */
function handleStrayEvents(): void {
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
}

async function work(current: Int32Array, out: Outcomes, watchdog: Watchdog): Promise<void> {
  const job = JSON.parse(fs.readFileSync("job.json", "utf8")) as Job;
  handleStrayEvents();
  if (job.mode === "timing") {
    await timeContenders(job, out, watchdog);
    return;
  }
  const file = path.resolve(job.solution ?? "solution.js");
  const entry = await loadEntry(job, async () => require(file) as Record<string, unknown>, out, {});
  if (entry === undefined) return;
  out.emit({ event: "loaded" });
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
  watch?: Int32Array;
  epoch: number;
}

function watch(): void {
  const channel = openChannel(); // before any solution code can run
  const out = new Outcomes(channel);
  const current = new Int32Array(new SharedArrayBuffer(4));
  current[0] = -1;
  const watching = new Int32Array(new SharedArrayBuffer(4 * WATCH.slots));
  const epoch = performance.timeOrigin;
  const data: WorkerData = { current, channel, watch: watching, epoch };
  const worker = new Worker(__filename, {
    workerData: data,
    resourceLimits: { stackSizeMb: STACK_MB, maxOldGenerationSizeMb: HEAP_MB },
  });
  watchCuts(worker, watching, epoch, out);
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
  const { current, channel, watch: watching, epoch } = data;
  delete data.channel;
  delete data.watch;
  if (channel === undefined || watching === undefined) {
    throw new Error("the worker got no outcome channel");
  }
  work(current, new Outcomes(channel), new Watchdog(watching, epoch)).catch((err: unknown) => {
    process.stderr.write(`harness error: ${String(err)}\n`);
    process.exitCode = 3;
  });
}
