import { describe, expect, it } from '@jest/globals';
import { viewerOrigin, viewerStudyUrl } from './viewer-link';

describe('OHIF viewer link', () => {
  it('is the same host on the viewer port unless the build names the viewer', () => {
    expect(viewerOrigin({ protocol: 'http:', hostname: '10.0.0.5' })).toBe('http://10.0.0.5:3001');
    expect(viewerOrigin({ protocol: 'https:', hostname: 'h' }, 'https://viewer.example.org/')).toBe(
      'https://viewer.example.org',
    );
  });

  it('takes the port the session announces', () => {
    expect(viewerOrigin({ protocol: 'http:', hostname: 'h' }, undefined, 41234)).toBe(
      'http://h:41234',
    );
  });

  it('opens one study by its Study Instance UID, as the README tour does', () => {
    expect(viewerStudyUrl('http://h:3001', '1.2.3')).toBe(
      'http://h:3001/viewer?StudyInstanceUIDs=1.2.3',
    );
  });
});
