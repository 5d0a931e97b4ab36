/**
 * The snooze form: until a date, with a required reason. Checked here for
 * quick messages with the same rules main applies, then sent through the bridge.
 */
import { checkSnoozeRequest, type SnoozeFieldError, type SnoozeRequest, type SnoozeResult } from '../shared/ipc.js';
import type { Status } from '../shared/types.js';
import { addDays } from '../shared/words.js';
import { byId } from './dom.js';

export class SnoozeDialog {
  private readonly dialog = byId<HTMLDialogElement>('snooze-dialog');
  private readonly form = byId<HTMLFormElement>('snooze-form');
  private readonly until = byId<HTMLInputElement>('snooze-until');
  private readonly reason = byId<HTMLTextAreaElement>('snooze-reason');
  private readonly item = byId('snooze-item');
  private readonly submit = byId<HTMLButtonElement>('snooze-submit');
  private readonly errors = {
    until: byId('snooze-until-error'),
    reason: byId('snooze-reason-error'),
    resource: byId('snooze-resource-error'),
  };
  private status: Status | undefined;
  private today = '';

  constructor(
    private readonly send: (request: SnoozeRequest) => Promise<SnoozeResult>,
    /** Called after the dialog closed (saved or cancelled), to put focus back. */
    private readonly closed: () => void,
  ) {
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    byId('snooze-cancel').addEventListener('click', () => this.dialog.close());
    this.dialog.addEventListener('close', () => {
      this.status = undefined;
      this.closed();
    });
  }

  get isOpen(): boolean {
    return this.dialog.open;
  }

  open(status: Status, today: string): void {
    this.status = status;
    this.today = today;
    this.item.textContent = `${status.level} · ${status.resource}${status.metric ? ` · ${status.metric}` : ''} — ${status.result}`;
    this.until.min = today;
    this.until.value = addDays(today, 7);
    this.reason.value = '';
    this.showErrors([]);
    this.submit.disabled = false;
    this.dialog.showModal();
    this.reason.focus();
  }

  private request(): SnoozeRequest {
    return {
      resource: this.status?.resource ?? '',
      metric: this.status?.metric ?? '',
      until: this.until.value,
      reason: this.reason.value,
    };
  }

  private async save(): Promise<void> {
    const request = this.request();
    const problems = checkSnoozeRequest(request, this.today);
    if (problems.length > 0) return this.showErrors(problems);
    this.submit.disabled = true;
    try {
      const result = await this.send(request);
      if (result.ok) this.dialog.close();
      else this.showErrors(result.errors);
    } catch (error) {
      this.showErrors([{ field: 'resource', message: `could not save the snooze: ${error instanceof Error ? error.message : String(error)}` }]);
    } finally {
      this.submit.disabled = false;
    }
  }

  private showErrors(problems: SnoozeFieldError[]): void {
    for (const field of ['until', 'reason', 'resource'] as const) {
      const messages = problems.filter((problem) => problem.field === field).map((problem) => problem.message);
      this.errors[field].textContent = messages.join('; ');
      const input = field === 'until' ? this.until : field === 'reason' ? this.reason : undefined;
      input?.setAttribute('aria-invalid', String(messages.length > 0));
    }
    const first = problems[0]?.field;
    if (first === 'until') this.until.focus();
    else if (first === 'reason') this.reason.focus();
  }
}
