/**
 * When to offer browser notifications: never on a first visit, only after something worth being told about (the
 * user went to a dossier or a conversation, or sent a message), and never again once answered. Remembered in the browser, since push
 * belongs to the device.
 */
type Memory = { visits: number; answered: boolean };

const memoryKey = 'ft.push-prompt';
const visitKey = 'ft.push-prompt.visit';

export function readMemory(storage: Storage): Memory {
  try {
    const memory = JSON.parse(storage.getItem(memoryKey) ?? '{}') as Partial<Memory>;
    return { visits: Number(memory.visits) || 0, answered: memory.answered === true };
  } catch {
    return { visits: 0, answered: false };
  }
}

function write(storage: Storage, memory: Memory) {
  storage.setItem(memoryKey, JSON.stringify(memory));
}

/** Counts this visit (a tab's session), once however often it is called. */
export function countVisit(storage: Storage, session: Storage) {
  if (session.getItem(visitKey)) return;
  session.setItem(visitKey, '1');
  const memory = readMemory(storage);
  write(storage, { ...memory, visits: memory.visits + 1 });
}

/** Whether the prompt may show, the user having just done something worth a notification. */
export function mayOffer(memory: Memory): boolean {
  return !memory.answered && memory.visits >= 2;
}

/** The user enabled notifications or said no: the prompt does not come back (the preferences keep the switch). */
export function rememberAnswer(storage: Storage) {
  write(storage, { ...readMemory(storage), answered: true });
}

/** The pages whose opening shows interest in what happens next: a dossier, a conversation. */
const meaningfulPath = /^\/(dossiers|messages)\/[^/]+/;

/**
 * Whether going to `pathname` shows interest in what happens next. The page a visit starts on does not: the prompt
 * would greet a returning user before they have read it (and, appearing over it, be the last thing it paints).
 */
export const showsInterest = (pathname: string, visitStartedOn: string) =>
  pathname !== visitStartedOn && meaningfulPath.test(pathname);
