import { describe, expect, it } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation, useParams } from 'react-router';
import type { TChildOnFile } from '@hutong/shared';
import { renderWithProviders } from '../../../test/render';
import { ChildrenOnFilePanel } from './ChildrenOnFilePanel';

const CASE_ID = '00000000-0000-4000-8000-0000000ca5e1';
const CHILD: TChildOnFile = {
  id: '00000000-0000-4000-8000-0000000c0001',
  name: '李小花',
  categories: ['left_behind'],
  riskLevel: 'medium',
  lastVisitAt: null,
  region: { code: '440106001001', name: '一村', path: ['天河区', '一镇', '一村'] },
  director: { id: '00000000-0000-4000-8000-0000000d0001', displayName: '王主任' },
};

/** Where the link went: the file's route with the case it was opened through. */
function FileProbe() {
  const { id } = useParams();
  const { search } = useLocation();
  return (
    <p>
      file {id} {search}
    </p>
  );
}

function renderPanel(language: 'en' | 'zh-CN' = 'en') {
  return renderWithProviders(
    <Routes>
      <Route path="/" element={<ChildrenOnFilePanel caseId={CASE_ID} children={[CHILD]} />} />
      <Route path="/children/:id" element={<FileProbe />} />
    </Routes>,
    { language },
  );
}

describe('ChildrenOnFilePanel', () => {
  it('links each child to their file, opened through this case, from the keyboard', async () => {
    renderPanel();
    const link = screen.getByRole('link', { name: 'Open 李小花’s file' });
    expect(link.getAttribute('href')).toBe(`/children/${CHILD.id}?case=${CASE_ID}`);
    const user = userEvent.setup();
    await user.tab();
    expect(document.activeElement).toBe(link);
    await user.keyboard('{Enter}');
    expect(await screen.findByText(`file ${CHILD.id} ?case=${CASE_ID}`)).toBeTruthy();
  });

  it('names the link in Chinese', () => {
    renderPanel('zh-CN');
    expect(screen.getByRole('link', { name: '打开李小花的档案' })).toBeTruthy();
  });

  it('shows nothing when no child on the register is linked', () => {
    const { container } = renderWithProviders(
      <ChildrenOnFilePanel caseId={CASE_ID} children={[]} />,
    );
    expect(container.textContent).toBe('');
  });
});
