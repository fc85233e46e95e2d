// A placeholder a table row is written with, which `TABLE_FILL=1` records and /tmp tooling replaces with what the
// row gives, reviewed; never left in a table (test/checks/catalogue.test.ts fails on one).
export const FILL = ['(not filled)'] as unknown as string[] & string;
