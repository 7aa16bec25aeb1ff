import { planDraft } from './draft-plan';

const ME = '00000000-0000-4000-8000-00000000000a';
const THEM = '00000000-0000-4000-8000-00000000000b';

describe('planDraft', () => {
  it('starts at version 1, and after a signed version takes the next number', () => {
    expect(planDraft(undefined, ME)).toEqual({ kind: 'add', version: 1 });
    expect(planDraft({ version: 2, status: 'FINAL', author_id: THEM }, ME)).toEqual({
      kind: 'add',
      version: 3,
    });
  });

  it("edits the reader's own draft in place and replaces another reader's at its number", () => {
    expect(planDraft({ version: 3, status: 'DRAFT', author_id: ME }, ME)).toEqual({
      kind: 'edit',
      version: 3,
    });
    expect(planDraft({ version: 3, status: 'DRAFT', author_id: THEM }, ME)).toEqual({
      kind: 'replace',
      version: 3,
    });
  });
});
