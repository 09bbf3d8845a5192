import Box from '@cloudscape-design/components/box';
import Button from '@cloudscape-design/components/button';
import Modal from '@cloudscape-design/components/modal';
import SpaceBetween from '@cloudscape-design/components/space-between';

export function QuitConfirm({ activeContacts, onQuit, onCancel }: { activeContacts: number; onQuit(): void; onCancel(): void }) {
  return (
    <Modal
      visible
      onDismiss={onCancel}
      header="Quit ccpdesk?"
      data-testid="quit-confirm"
      footer={
        <Box float="right">
          <SpaceBetween direction="horizontal" size="xs">
            <Button variant="link" onClick={onCancel}>
              Keep working
            </Button>
            <Button variant="primary" onClick={onQuit}>
              Quit anyway
            </Button>
          </SpaceBetween>
        </Box>
      }
    >
      You have {activeContacts} active contact{activeContacts === 1 ? '' : 's'}. Quitting now may drop{' '}
      {activeContacts === 1 ? 'it' : 'them'} and leaves your status unchanged in Amazon Connect.
    </Modal>
  );
}
