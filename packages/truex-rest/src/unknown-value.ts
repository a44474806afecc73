/** Told about an enum value this client does not know; the value is kept raw on the object, never dropped. */
export type UnknownValueListener = (field: string, value: string) => void;

export const ignoreUnknownValue: UnknownValueListener = () => undefined;
