import { orderFilters } from './worklist-lookup';
import { parseWorklistQuery } from './worklist-query';

const query = (top: Record<string, unknown>, step: Record<string, unknown> = {}) =>
  parseWorklistQuery({ ...top, ScheduledProcedureStepSequence: [step] });

describe('orderFilters', () => {
  it('sends exact values through the plain fields and wildcards as matches', () => {
    expect(
      orderFilters(
        query(
          { AccessionNumber: 'A12*', PatientID: '3f2a?' },
          { Modality: 'CT', ScheduledStationAETitle: 'PJ_CT02' },
        ),
      ),
    ).toMatchObject({
      modality: 'CT',
      modalityMatches: undefined,
      stationAeTitle: 'PJ_CT02',
      accessionNumber: undefined,
      accessionNumberMatches: 'A12*',
      patientIdMatches: '3f2a?',
    });
    expect(orderFilters(query({ AccessionNumber: 'A1' }, { Modality: 'C?' }))).toMatchObject({
      modality: undefined,
      modalityMatches: 'C?',
      accessionNumber: 'A1',
      accessionNumberMatches: undefined,
    });
  });

  it('matches an exact patient ID as a pattern, so a non-UUID ID finds nothing rather than failing', () => {
    expect(orderFilters(query({ PatientID: 'MRN-0042' }))?.patientIdMatches).toBe('MRN-0042');
  });

  it('leaves out universal matches and cuts patterns to 64 characters', () => {
    const filters = orderFilters(query({ PatientID: '*', AccessionNumber: '' }));
    expect(filters?.patientIdMatches).toBeUndefined();
    expect(filters?.accessionNumberMatches).toBeUndefined();
    expect(orderFilters(query({ PatientID: `${'9'.repeat(70)}*` }))?.patientIdMatches).toBe(
      '9'.repeat(64),
    );
  });

  it('answers nothing for a match with a control character, which no order holds', () => {
    expect(orderFilters(query({ PatientID: 'a\u0001b' }))).toBeNull();
    expect(orderFilters(query({}, { Modality: 'C\u0000*' }))).toBeNull();
  });
});
