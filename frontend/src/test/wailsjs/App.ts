// Stands in for the generated wailsjs/go/app/App in tests (vite.config.ts aliases it here),
// so tests run whether or not `wails generate module` has been run. A test that reaches the
// bindings mocks this module with vi.mock; an unmocked call fails loudly.

function unmocked(name: string): never {
  throw new Error(`wailsjs App.${name} called in a test without vi.mock (see src/test/wails.ts)`);
}

export const Status = () => unmocked('Status');
export const Account = () => unmocked('Account');
export const Generate = (_input: unknown) => unmocked('Generate');
export const CancelGenerate = (_jobId: string) => unmocked('CancelGenerate');
export const ChooseAudioFile = () => unmocked('ChooseAudioFile');
export const InspectAudio = (_path: string) => unmocked('InspectAudio');
export const UploadInput = (_path: string) => unmocked('UploadInput');
export const ListTracks = () => unmocked('ListTracks');
export const SetFavourite = (_id: string, _fav: boolean) => unmocked('SetFavourite');
export const Play = (_id: string) => unmocked('Play');
export const Pause = () => unmocked('Pause');
export const Resume = () => unmocked('Resume');
export const Stop = () => unmocked('Stop');
export const Seek = (_seconds: number) => unmocked('Seek');
export const PlayerStatus = () => unmocked('PlayerStatus');
export const ListInputs = () => unmocked('ListInputs');
export const SelectInput = (_id: string) => unmocked('SelectInput');
export const StartRecording = () => unmocked('StartRecording');
export const StopRecording = () => unmocked('StopRecording');
export const RecordingState = () => unmocked('RecordingState');
export const MeasureLatency = () => unmocked('MeasureLatency');
export const Billing = () => unmocked('Billing');
export const OpenCheckout = (_tier: string) => unmocked('OpenCheckout');
export const OpenPortal = () => unmocked('OpenPortal');
export const PreviewUpgrade = (_tier: string) => unmocked('PreviewUpgrade');
export const Upgrade = (_tier: string, _prorationDate: string) => unmocked('Upgrade');
export const Downgrade = (_tier: string) => unmocked('Downgrade');
export const CancelSubscription = () => unmocked('CancelSubscription');
export const RequestRefund = (_reason: string) => unmocked('RequestRefund');
