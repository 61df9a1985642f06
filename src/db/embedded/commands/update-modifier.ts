import { Timestamp, type Document } from 'bson';
import { CommandError, ErrorCodes } from '../errors';
import { isPlainObject } from '../values';

/** Update operators mingo implements, plus $setOnInsert and $currentDate which effectiveModifier folds into $set. */
const UPDATE_OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$currentDate', '$push', '$pull',
  '$pullAll', '$addToSet', '$pop', '$bit', '$setOnInsert',
]);

/** True for an operator update, false for a replacement document; throws on an unknown or mixed modifier. */
export function isOperatorUpdate(u: Document): boolean {
  const keys = Object.keys(u);
  const ops = keys.filter((k) => k.startsWith('$'));
  if (ops.length > 0 && ops.length < keys.length) {
    throw new CommandError(ErrorCodes.FailedToParse, `Unknown modifier: ${keys.find((k) => !k.startsWith('$'))}. Expected a valid update modifier or pipeline-style update specified as an array`);
  }
  for (const op of ops) {
    if (!UPDATE_OPERATORS.has(op)) {
      throw new CommandError(ErrorCodes.FailedToParse, `Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
    }
  }
  return ops.length > 0;
}

let lastTimestampSecond = 0;
let timestampIncrement = 0;

/** A Timestamp for $currentDate: this second, with an increment that keeps values of the same second distinct. */
function nextTimestamp(): Timestamp {
  const t = Math.floor(Date.now() / 1000);
  timestampIncrement = t === lastTimestampSecond ? timestampIncrement + 1 : 1;
  lastTimestampSecond = t;
  return new Timestamp({ t, i: timestampIncrement });
}

/** $currentDate as the $set it stands for: a Date, or a BSON Timestamp for `{ $type: 'timestamp' }` (mingo stores a number). */
function currentDates(spec: unknown): Document {
  if (!isPlainObject(spec)) throw new CommandError(ErrorCodes.FailedToParse, 'Modifiers operate on fields but we found type ' + typeof spec + ' instead.');
  const out: Document = {};
  for (const [path, how] of Object.entries(spec)) {
    if (typeof how === 'boolean' || (isPlainObject(how) && how.$type === 'date')) out[path] = new Date();
    else if (isPlainObject(how) && how.$type === 'timestamp') out[path] = nextTimestamp();
    else {
      throw new CommandError(ErrorCodes.BadValue, `${JSON.stringify(how)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`);
    }
  }
  return out;
}

/** The modifier mingo applies: $setOnInsert (when inserting) and $currentDate folded into $set. */
export function effectiveModifier(u: Document, inserting: boolean): Document {
  const { $setOnInsert, $currentDate, ...modifier } = u;
  if (inserting && isPlainObject($setOnInsert)) modifier.$set = { ...(modifier.$set as Document | undefined), ...$setOnInsert };
  if ($currentDate !== undefined) modifier.$set = { ...(modifier.$set as Document | undefined), ...currentDates($currentDate) };
  return modifier;
}

