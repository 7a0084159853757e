import { CARD_LENGTH, COMMENTARY_KEYWORDS } from "./constants";
import type { Card } from "./card-parse";
import { type CardValue, fromJsValue, type JsValue, toJsValue } from "./value";

const STANDARD_UPPER_RE = /^[A-Z0-9_-]{0,8}$/;

/** Normalise a keyword for look-ups the way astropy does: upper case, without a `HIERARCH ` prefix. */
export function normalizeKeyword(keyword: string): string {
  if (STANDARD_UPPER_RE.test(keyword)) return keyword;
  const trimmed = keyword.trim();
  const upper = trimmed.toUpperCase();
  return upper.startsWith("HIERARCH ") ? upper.slice(9).trim() : upper;
}

/** Is this card completely blank (80 spaces: no keyword, empty text, no comment)? */
export function isBlankCard(card: Card): boolean {
  return (
    card.keyword === "" && card.value.type === "string" && card.value.value === "" && card.comment === ""
  );
}

/** Where to put a card that `set` adds or moves: before or after a keyword's first card or an index. */
export interface Placement {
  readonly before?: string | number;
  readonly after?: string | number;
}

/**
 * An ordered FITS header: a list of cards in which keywords may repeat (COMMENT, HISTORY, blank
 * keywords, and duplicates found in the wild). Look-ups are case-insensitive and return the first card,
 * as astropy's Header does; `set` and `append` follow astropy's placement rules so that derived headers
 * (e.g. the image header of a tile-compressed HDU) come out in astropy's order.
 */
export class Header {
  private readonly list: Card[];
  // Normalised keyword of each card, kept in step with `list`, so look-ups are plain string compares.
  private readonly keys: string[];

  /** Build a header from cards (copied). */
  constructor(cards: Iterable<Card> = [], keys?: readonly string[]) {
    this.list = [...cards];
    this.keys =
      keys && keys.length === this.list.length
        ? [...keys]
        : this.list.map((card) => normalizeKeyword(card.keyword));
  }

  /** The cards in order (read-only view; use the methods to change the header). */
  get cards(): readonly Card[] {
    return this.list;
  }

  /** Number of cards. */
  get length(): number {
    return this.list.length;
  }

  /** A copy of this header. */
  clone(): Header {
    return new Header(this.list, this.keys);
  }

  /** Index of the first card with this keyword at or after `from`, or -1. */
  indexOf(keyword: string, from = 0): number {
    const key = normalizeKeyword(keyword);
    const keys = this.keys;
    for (let i = Math.max(0, from); i < keys.length; i++) if (keys[i] === key) return i;
    return -1;
  }

  /** Does a card with this keyword exist? */
  has(keyword: string): boolean {
    return this.indexOf(keyword) >= 0;
  }

  /** The first card with this keyword. */
  card(keyword: string): Card | undefined {
    const index = this.indexOf(keyword);
    return index < 0 ? undefined : this.list[index];
  }

  /** Every card with this keyword, in order. */
  cardsOf(keyword: string): Card[] {
    const key = normalizeKeyword(keyword);
    return this.list.filter((_, i) => this.keys[i] === key);
  }

  /** The first value of this keyword as plain JavaScript (see JsValue), or undefined when absent. */
  get(keyword: string): JsValue | undefined {
    const card = this.card(keyword);
    return card === undefined ? undefined : toJsValue(card.value);
  }

  /** The first value of this keyword as a number when it is an integer or float, else undefined. */
  getNumber(keyword: string): number | undefined {
    const value = this.card(keyword)?.value;
    if (value?.type === "integer") return Number(value.value);
    if (value?.type === "float") return value.value;
    return undefined;
  }

  /** The first value of this keyword when it is an integer (exact), else undefined. */
  getInteger(keyword: string): bigint | undefined {
    const value = this.card(keyword)?.value;
    return value?.type === "integer" ? value.value : undefined;
  }

  /** The first value of this keyword when it is a string, else undefined. */
  getString(keyword: string): string | undefined {
    const value = this.card(keyword)?.value;
    return value?.type === "string" ? value.value : undefined;
  }

  /**
   * Set a keyword, as astropy's `Header.set`: update the first card with this keyword (keeping its
   * comment when `comment` is undefined) and move it when a placement is given, or add a new card at
   * the placement, or else append it after the last non-commentary card.
   */
  set(keyword: string, value: CardValue | JsValue, comment?: string, placement: Placement = {}): void {
    const cardValue = isCardValue(value) ? value : fromJsValue(value);
    const key = normalizeKeyword(keyword);
    const hasPlacement = placement.before !== undefined || placement.after !== undefined;
    const index = COMMENTARY_KEYWORDS.has(key) ? -1 : this.indexOf(key);
    if (index >= 0) {
      const old = this.list[index] as Card;
      const card = { keyword: old.keyword, value: cardValue, comment: comment ?? old.comment };
      this.list[index] = card;
      if (hasPlacement) this.relativeInsert(card, placement, true);
    } else if (hasPlacement) {
      this.relativeInsert({ keyword: key, value: cardValue, comment: comment ?? "" }, placement, false);
    } else {
      this.append({ keyword: key, value: cardValue, comment: comment ?? "" });
    }
  }

  /**
   * Append a card as astropy's `Header.append`: blank cards go to the very end; other cards go after
   * the last non-blank card (and, unless `bottom`, after the last non-commentary card), then one
   * trailing blank card is used up if there is any.
   */
  append(card: Card, options: { bottom?: boolean; end?: boolean } = {}): void {
    const end = options.end === true || isBlankCard(card);
    if (end) {
      this.list.push(card);
      this.keys.push(normalizeKeyword(card.keyword));
      return;
    }
    let index = this.list.length - 1;
    while (index >= 0 && isBlankCard(this.list[index] as Card)) index--;
    if (!options.bottom && !COMMENTARY_KEYWORDS.has(card.keyword)) {
      while (index >= 0 && COMMENTARY_KEYWORDS.has((this.list[index] as Card).keyword)) index--;
    }
    this.list.splice(index + 1, 0, card);
    this.keys.splice(index + 1, 0, normalizeKeyword(card.keyword));
    if (this.countTrailingBlanks() > 0) {
      const images = Math.max(1, Math.floor(cardImageLength(card) / CARD_LENGTH));
      for (let i = 0; i < images && isBlankCard(this.list[this.list.length - 1] as Card); i++) {
        this.list.pop();
        this.keys.pop();
      }
    }
  }

  /** Insert a card at an index (an index at or past the end appends to the very end). */
  insert(index: number, card: Card): void {
    const at =
      index >= this.list.length
        ? this.list.length
        : index < 0
          ? Math.max(0, this.list.length + index)
          : index;
    this.list.splice(at, 0, card);
    this.keys.splice(at, 0, normalizeKeyword(card.keyword));
  }

  /** Remove every card with this keyword; returns how many were removed. */
  remove(keyword: string): number {
    const key = normalizeKeyword(keyword);
    return this.removeWhere((_, i) => this.keys[i] === key);
  }

  /** Remove every card for which `predicate` is true, in one pass; returns how many were removed. */
  removeWhere(predicate: (card: Card, index: number) => boolean): number {
    let kept = 0;
    for (let i = 0; i < this.list.length; i++) {
      if (predicate(this.list[i] as Card, i)) continue;
      this.list[kept] = this.list[i] as Card;
      this.keys[kept] = this.keys[i] as string;
      kept++;
    }
    const removed = this.list.length - kept;
    this.list.length = kept;
    this.keys.length = kept;
    return removed;
  }

  /** Remove the card at an index. */
  removeAt(index: number): void {
    this.list.splice(index, 1);
    this.keys.splice(index, 1);
  }

  /** Number of blank cards at the end (astropy's `_countblanks`, which never counts the first card). */
  countTrailingBlanks(): number {
    for (let i = 1; i < this.list.length; i++) {
      if (!isBlankCard(this.list[this.list.length - i] as Card)) return i - 1;
    }
    return 0;
  }

  private cardIndex(key: string | number): number {
    if (typeof key === "number") {
      const index = key < 0 ? key + this.list.length : key;
      if (index < 0 || index >= this.list.length) throw new RangeError(`header index ${key} out of range`);
      return index;
    }
    const index = this.indexOf(key);
    if (index < 0) throw new RangeError(`keyword ${key} not found`);
    return index;
  }

  private relativeInsert(card: Card, placement: Placement, replace: boolean): void {
    const target = (placement.before ?? placement.after) as string | number;
    const insertionIndex = (): number => {
      const index =
        typeof target === "number" && target >= this.list.length ? target : this.cardIndex(target);
      return placement.before === undefined ? index + 1 : index;
    };
    if (replace) {
      const oldIndex = this.cardIndex(card.keyword);
      const at = insertionIndex();
      if (at >= this.list.length && oldIndex === this.list.length - 1) return;
      if (placement.before !== undefined) {
        if (oldIndex === at - 1) return;
      } else if (oldIndex === at) {
        return;
      }
      this.removeAt(oldIndex);
    }
    this.insert(insertionIndex(), card);
  }
}

function isCardValue(value: CardValue | JsValue): value is CardValue {
  return typeof value === "object" && value !== null && !Array.isArray(value) && "type" in value;
}

function cardImageLength(card: Card): number {
  // Only long strings span several card images; a rough count is enough to use up trailing blanks.
  if (card.value.type === "string" && card.value.value.length > 68) {
    return CARD_LENGTH * Math.ceil(card.value.value.length / 67);
  }
  return CARD_LENGTH;
}
