export declare function textMessage(n: number): string;
export declare function updateUserEvent(n: number): string;
export declare const PLAINTEXTS: { text: (n: number) => string; event: (n: number) => string };
