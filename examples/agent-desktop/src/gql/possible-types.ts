
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "SmsSessionEvent": [
      "SmsMessagesAdded",
      "SmsOperationFailed",
      "SmsSessionUpdated"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "SmsSessionEvent": [
      "SmsMessagesAdded",
      "SmsOperationFailed",
      "SmsSessionUpdated"
    ]
  }
};
      export default result;
    